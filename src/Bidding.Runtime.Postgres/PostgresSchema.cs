using Npgsql;

namespace Bidding.Runtime.Postgres;

/// <summary>
/// Creates and migrates the runtime's tables. Each migration runs once, in order, in one
/// transaction under an advisory lock, so silos starting together apply it exactly once.
/// </summary>
public static class PostgresSchema
{
    private const long LockKey = 0x42_49_44_44_49_4E_47; // "BIDDING"

    private static readonly string[] Migrations =
    [
        """
        CREATE SEQUENCE grain_change_seq;
        CREATE TABLE grain_state (
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            version bigint NOT NULL,
            data bytea NOT NULL,
            change_seq bigint NOT NULL DEFAULT nextval('grain_change_seq'),
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (grain_type, grain_key)
        );
        CREATE INDEX grain_state_change_seq ON grain_state (change_seq);
        CREATE TABLE silo_membership (
            cluster_id text NOT NULL,
            host text NOT NULL,
            port integer NOT NULL,
            generation bigint NOT NULL,
            status smallint NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            heartbeat_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (cluster_id, host, port, generation)
        );
        CREATE TABLE membership_version (
            cluster_id text PRIMARY KEY,
            version bigint NOT NULL
        );
        """,
        """
        CREATE TABLE event_partition (
            partition integer PRIMARY KEY,
            next_position bigint NOT NULL
        );
        CREATE TABLE event_log (
            partition integer NOT NULL,
            position bigint NOT NULL,
            event_id text NOT NULL UNIQUE,
            payload bytea NOT NULL,
            appended_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (partition, position)
        );
        CREATE TABLE event_checkpoint (
            partition integer NOT NULL,
            consumer text NOT NULL,
            position bigint NOT NULL,
            PRIMARY KEY (partition, consumer)
        );
        """,
    ];

    /// <summary>The schema version this build expects.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; returns how many migrations ran.</summary>
    public static async Task<int> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS bidding_schema (
                id integer PRIMARY KEY CHECK (id = 1),
                version integer NOT NULL,
                migrated_at timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO bidding_schema (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING;
            """, cancellationToken);
        await using var read = new NpgsqlCommand("SELECT version FROM bidding_schema WHERE id = 1", connection);
        var version = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        if (version > CurrentVersion)
            throw new InvalidOperationException($"The database schema is at version {version}, newer than this build's {CurrentVersion}. Upgrade the silo.");
        for (var next = version; next < CurrentVersion; next++)
            await ExecuteAsync(connection, Migrations[next], cancellationToken);
        await ExecuteAsync(connection, $"UPDATE bidding_schema SET version = {CurrentVersion}, migrated_at = now() WHERE id = 1", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CurrentVersion - version;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
