using Bidding.Runtime.Streams;
using Npgsql;
using NpgsqlTypes;

namespace Bidding.Runtime.Postgres.Streams;

/// <summary>
/// The event log in PostgreSQL, shared by every silo. A batch takes its positions from each
/// partition's head row, which stays locked until the batch commits, so within a partition
/// entries commit, and become visible, in position order even when several silos append at once.
/// Partitions are locked in ascending order, so two batches never deadlock. An id already in
/// the log is skipped (its reserved position stays a harmless hole).
/// </summary>
public sealed class PostgresEventLogStore(NpgsqlDataSource dataSource) : IEventLogStore
{
    private const string AppendSql = """
        WITH head AS (
            UPDATE event_partition SET next_position = next_position + cardinality($2::text[])
            WHERE partition = $1 RETURNING next_position - cardinality($2::text[]) AS base)
        INSERT INTO event_log (partition, position, event_id, payload)
        SELECT $1, head.base + t.ord, t.id, t.payload
        FROM head, unnest($2::text[], $3::bytea[]) WITH ORDINALITY AS t(id, payload, ord)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
        """;

    private int _partitionsReady;

    public async Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken)
    {
        var byPartition = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (!byPartition.TryGetValue(batch[i].Partition, out var indexes))
                byPartition[batch[i].Partition] = indexes = [];
            indexes.Add(i);
        }
        await EnsurePartitionsAsync(byPartition.Keys.Max(), cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlBatch(connection, transaction);
        foreach (var (partition, indexes) in byPartition)
        {
            var append = new NpgsqlBatchCommand(AppendSql);
            append.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
            append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. indexes.Select(i => batch[i].EventId)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            append.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. indexes.Select(i => batch[i].Payload)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            command.BatchCommands.Add(append);
        }
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    inserted.Add(reader.GetString(0));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        for (var i = 0; i < batch.Count; i++)
            stored[i] = inserted.Remove(batch[i].EventId); // a second copy in the same batch is a duplicate
    }

    public async Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT position, event_id, payload FROM event_log WHERE partition = $1 AND position > $2 ORDER BY position LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new LogEntry(partition, reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        return entries;
    }

    public async Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT position FROM event_checkpoint WHERE partition = $1 AND consumer = $2");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }

    public async Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO event_checkpoint (partition, consumer, position) VALUES ($1, $2, $3)
            ON CONFLICT (partition, consumer) DO UPDATE SET position = greatest(event_checkpoint.position, excluded.position)
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM event_log WHERE partition = $1 AND position <= $2 AND appended_at < $3");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = appendedBefore });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsurePartitionsAsync(int highest, CancellationToken cancellationToken)
    {
        if (highest < Volatile.Read(ref _partitionsReady))
            return;
        await using var command = dataSource.CreateCommand(
            "INSERT INTO event_partition (partition, next_position) SELECT p, 0 FROM generate_series(0, $1) AS p ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = highest });
        await command.ExecuteNonQueryAsync(cancellationToken);
        Volatile.Write(ref _partitionsReady, highest + 1);
    }
}
