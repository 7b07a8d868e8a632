using System.Diagnostics;

namespace Bidding.Silo.Tests.Metrics;

/// <summary>Runs Prometheus' <c>promtool</c> (from the Debian <c>prometheus</c> package, which <c>./test.sh</c> installs).</summary>
internal static class Promtool
{
    /// <summary>Runs <c>promtool args…</c> with <paramref name="input"/> on standard input (or none); returns the exit code and all output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo(Locate("promtool"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The path of a Prometheus tool on PATH; fails with what to install when it is missing.</summary>
    public static string Locate(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path))
                return path;
        }
        throw new InvalidOperationException($"{tool} is not on PATH: install the Debian package 'prometheus' (./test.sh does)");
    }
}
