using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Bidding.Testing;

/// <summary>
/// A PostgreSQL server for the tests. With <c>BIDDING_TEST_POSTGRES</c> set (a connection string to
/// a server whose user may create databases) that server is used; otherwise a private one is
/// started once per test process (<c>initdb</c> in a temporary folder, a free loopback port, as the
/// <c>postgres</c> user when running as root) and removed when the process exits. Each caller gets
/// a fresh database.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Server> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = Instance.Value;
        var name = string.Create(CultureInfo.InvariantCulture, $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    private static Server Start()
    {
        if (Environment.GetEnvironmentVariable("BIDDING_TEST_POSTGRES") is { Length: > 0 } given)
            return new Server(given, null);

        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql. ./test.sh installs Debian's postgresql package; or set BIDDING_TEST_POSTGRES to a connection string.");
        var root = Directory.CreateTempSubdirectory("bidding-pg-").FullName;
        var data = Path.Combine(root, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            Run("chown", $"-R postgres:postgres {root}", null);
        var port = Ports.Free();
        Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8", asRoot);
        var settings = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
        Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -o \"{settings}\" -l {Path.Combine(root, "server.log")} -w -t 60 start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate -w stop", asRoot);
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Best effort: the folder is under the temporary directory.
            }
        };
        return new Server($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50", root);
    }

    private static string? FindBin()
    {
        const string Base = "/usr/lib/postgresql";
        if (!Directory.Exists(Base))
            return null;
        return Directory.GetDirectories(Base)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static void Run(string file, string arguments, bool? asPostgres)
    {
        var start = asPostgres == true
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
            throw new InvalidOperationException($"{file} {arguments} did not finish in 2 minutes.");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }

    private sealed record Server(string AdminConnectionString, string? Folder);
}
