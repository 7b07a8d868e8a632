using Npgsql;
using NpgsqlTypes;

namespace Bidding.Orleans.EventLog;

/// <summary>
/// The event log in PostgreSQL, shared by every silo. A batch takes its positions from each
/// partition's head row, which stays locked until the batch commits, so within a partition
/// entries commit, and become visible, in position order even when several silos append at once.
/// Partitions are locked in ascending order, so two batches never deadlock. An id already in
/// the log is skipped (its reserved position stays a harmless hole).
/// </summary>
internal sealed class PostgresEventLogStore(NpgsqlDataSource dataSource, bool ownsDataSource = false) : IEventLogStore
{
    // Only rows that carry an id come back: they are the ones a duplicate could have displaced.
    private const string AppendSql = """
        WITH head AS (
            UPDATE eventlog_partition SET next_position = next_position + cardinality($2::bytea[])
            WHERE partition = $1 RETURNING next_position - cardinality($2::bytea[]) AS base),
        inserted AS (
            INSERT INTO eventlog_entry (partition, position, event_id, payload)
            SELECT $1, head.base + t.ord, t.id, t.payload
            FROM head, unnest($3::text[], $2::bytea[]) WITH ORDINALITY AS t(id, payload, ord)
            ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING
            RETURNING event_id)
        SELECT event_id FROM inserted WHERE event_id IS NOT NULL
        """;

    public async Task InitializeAsync(int partitions, CancellationToken cancellationToken)
    {
        var stored = await PostgresEventLogSchema.EnsureAsync(dataSource, partitions, cancellationToken);
        if (stored != partitions)
            throw new EventLogPartitionMismatchException(stored, partitions);
    }

    public async Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken)
    {
        var byPartition = new SortedDictionary<int, List<int>>();
        var anyId = false;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!byPartition.TryGetValue(batch[i].Partition, out var indexes))
                byPartition[batch[i].Partition] = indexes = [];
            indexes.Add(i);
            anyId |= batch[i].EventId is not null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlBatch(connection, transaction);
        foreach (var (partition, indexes) in byPartition)
        {
            var ids = new string?[indexes.Count];
            var payloads = new byte[indexes.Count][];
            for (var k = 0; k < indexes.Count; k++)
            {
                ids[k] = batch[indexes[k]].EventId;
                payloads[k] = batch[indexes[k]].Payload;
            }
            var append = new NpgsqlBatchCommand(AppendSql);
            append.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
            append.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            append.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.BatchCommands.Add(append);
        }
        var inserted = anyId ? new HashSet<string>(StringComparer.Ordinal) : null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    inserted!.Add(reader.GetString(0));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        for (var i = 0; i < batch.Count; i++)
            stored[i] = batch[i].EventId is not { } id || inserted!.Remove(id); // a second copy in the same batch is a duplicate
    }

    public async Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT position, event_id, payload FROM eventlog_entry WHERE partition = $1 AND position > $2 ORDER BY position LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new LogEntry(partition, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        return entries;
    }

    public async Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT position FROM eventlog_checkpoint WHERE partition = $1 AND consumer = $2");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }

    public async Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO eventlog_checkpoint (partition, consumer, position) VALUES ($1, $2, $3)
            ON CONFLICT (partition, consumer) DO UPDATE SET position = greatest(eventlog_checkpoint.position, excluded.position)
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM eventlog_entry WHERE partition = $1 AND position <= $2 AND appended_at < $3");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = appendedBefore });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsDataSource)
            await dataSource.DisposeAsync();
    }
}
