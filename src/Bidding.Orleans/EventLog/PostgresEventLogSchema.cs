using Npgsql;

namespace Bidding.Orleans.EventLog;

/// <summary>
/// The event log's tables in PostgreSQL, created if missing under an advisory lock (silos starting
/// together would otherwise race on the catalog), and the partition count the log was made with.
/// </summary>
internal static class PostgresEventLogSchema
{
    private const long LockKey = 0x45_56_45_4E_54_4C_4F_47; // "EVENTLOG"

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS eventlog_partition (
            partition integer PRIMARY KEY,
            next_position bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS eventlog_entry (
            partition integer NOT NULL,
            position bigint NOT NULL,
            event_id text,
            payload bytea NOT NULL,
            appended_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (partition, position)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS eventlog_entry_event_id ON eventlog_entry (event_id) WHERE event_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS eventlog_checkpoint (
            partition integer NOT NULL,
            consumer text NOT NULL,
            position bigint NOT NULL,
            PRIMARY KEY (partition, consumer)
        );
        CREATE TABLE IF NOT EXISTS eventlog_meta (
            name text PRIMARY KEY,
            value bigint NOT NULL
        );
        """;

    /// <summary>Creates what is missing and returns the partition count the log was made with.</summary>
    public static async Task<int> EnsureAsync(NpgsqlDataSource dataSource, int partitions, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey}); {Tables}", connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);

        await using (var remember = new NpgsqlCommand("INSERT INTO eventlog_meta (name, value) VALUES ('partitions', $1) ON CONFLICT DO NOTHING", connection, transaction))
        {
            remember.Parameters.Add(new NpgsqlParameter<long> { TypedValue = partitions });
            await remember.ExecuteNonQueryAsync(cancellationToken);
        }
        int stored;
        await using (var read = new NpgsqlCommand("SELECT value FROM eventlog_meta WHERE name = 'partitions'", connection, transaction))
            stored = (int)(long)(await read.ExecuteScalarAsync(cancellationToken))!;
        if (stored == partitions)
        {
            // Each partition's head row hands out its positions; appends lock it until they commit.
            await using var heads = new NpgsqlCommand(
                "INSERT INTO eventlog_partition (partition, next_position) SELECT p, 0 FROM generate_series(0, $1 - 1) AS p ON CONFLICT DO NOTHING",
                connection, transaction);
            heads.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partitions });
            await heads.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }
}
