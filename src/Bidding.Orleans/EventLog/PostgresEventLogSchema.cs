using Bidding.Orleans.Postgres;
using Npgsql;

namespace Bidding.Orleans.EventLog;

/// <summary>
/// The event log in PostgreSQL: its tables (the cluster schema's migrations, applied if missing) and, under an
/// advisory lock, the partition count the log was made with and each partition's head row.
/// </summary>
internal static class PostgresEventLogSchema
{
    private const long LockKey = 0x45_56_45_4E_54_4C_4F_47; // "EVENTLOG"

    /// <summary>Creates what is missing and returns the partition count the log was made with.</summary>
    public static async Task<int> EnsureAsync(NpgsqlDataSource dataSource, int partitions, CancellationToken cancellationToken)
    {
        // The tables are part of the cluster's versioned schema (Postgres/Migrations/0004_event_log.sql).
        await PostgresSchema.ApplyAsync(dataSource, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
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
