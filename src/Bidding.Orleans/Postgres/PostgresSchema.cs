using Npgsql;

namespace Bidding.Orleans.Postgres;

/// <summary>
/// Creates and upgrades the tables and the <c>OrleansQuery</c> rows that Orleans' ADO.NET clustering
/// and grain storage need on PostgreSQL (15 or later). Safe to call from every silo at once: the work
/// runs in one transaction under a transaction-scoped advisory lock, and each migration listed in
/// <c>bidding_schema</c> runs exactly once, in order.
/// </summary>
public static class PostgresSchema
{
    // Advisory locks are per database; any fixed number works as long as nothing else in the database uses it.
    private const long LockKey = 0x4F_52_4C_45_41_4E_53; // "ORLEANS"

    private const string VersionTable = """
        CREATE TABLE bidding_schema (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>The schema version this build brings a database to.</summary>
    public static int CurrentVersion => PostgresMigration.All.Count;

    /// <summary>
    /// Brings the database to <see cref="CurrentVersion"/>. Returns how many migrations this call ran
    /// (0 when the database was already current).
    /// </summary>
    /// <exception cref="InvalidOperationException">The database is at a newer version than this build knows, or
    /// its <c>bidding_schema</c> table is not ours.</exception>
    public static async Task<int> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ApplyAsync(connection, cancellationToken);
    }

    /// <summary>As <see cref="ApplyAsync(string, CancellationToken)"/>, on a connection from <paramref name="dataSource"/>.</summary>
    internal static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ApplyAsync(connection, cancellationToken);
    }

    private static async Task<int> ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        // Only create the version table when missing: CREATE ... IF NOT EXISTS still needs the right to create,
        // and a silo whose user may only read and write must pass here once the schema is current.
        if (await ScalarAsync<bool>(connection, "SELECT to_regclass('bidding_schema') IS NULL", cancellationToken))
            await ExecuteAsync(connection, VersionTable, cancellationToken);
        await EnsureOwnVersionTableAsync(connection, cancellationToken);

        var current = await ScalarAsync<int>(connection, "SELECT coalesce(max(version), 0) FROM bidding_schema", cancellationToken);
        if (current > CurrentVersion)
            throw new InvalidOperationException($"The database schema is at version {current}, newer than this build's {CurrentVersion}. Upgrade the silo.");

        foreach (var migration in PostgresMigration.All.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO bidding_schema (version, name) VALUES (@version, @name)", connection);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return CurrentVersion - current;
    }

    // The home-made runtime (Bidding.Runtime.Postgres) keeps a one-row table of the same name; reading its
    // version as ours would skip migrations, so refuse that database plainly.
    private static async Task EnsureOwnVersionTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var ours = await ScalarAsync<bool>(connection, """
            SELECT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'bidding_schema' AND column_name = 'name')
            """, cancellationToken);
        if (!ours)
            throw new InvalidOperationException("This database's bidding_schema table was made by the Bidding.Runtime.Postgres runtime; the Orleans cluster profile needs a database of its own.");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
