using Microsoft.Data.Sqlite;

namespace Bidding.Runtime.Streams;

/// <summary>
/// The event log in an embedded SQLite file (WAL, full sync: a batch is on disk before its appends
/// are answered). One writer, so positions (the row ids) become visible in order.
/// </summary>
public sealed class SqliteEventLogStore : IEventLogStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS event_log (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            partition INTEGER NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            payload BLOB NOT NULL,
            appended_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS event_log_partition ON event_log (partition, position);
        CREATE TABLE IF NOT EXISTS event_checkpoint (
            partition INTEGER NOT NULL,
            consumer TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (partition, consumer)
        );
        """;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private readonly TimeProvider _time;

    public SqliteEventLogStore(string path, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        using var command = _writer.CreateCommand();
        command.CommandText = Schema + "PRAGMA synchronous=FULL;";
        command.ExecuteNonQuery();
    }

    public async Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken);
            await using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO event_log (partition, event_id, payload, appended_at) VALUES ($p, $id, $payload, $at)";
            var partition = insert.Parameters.Add("$p", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            insert.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            insert.Prepare();
            for (var i = 0; i < batch.Count; i++)
            {
                partition.Value = batch[i].Partition;
                id.Value = batch[i].EventId;
                payload.Value = batch[i].Payload;
                stored[i] = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, event_id, payload FROM event_log WHERE partition = $p AND position > $after ORDER BY position LIMIT $max";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$max", max);
        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new LogEntry(partition, reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        return entries;
    }

    public async Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT position FROM event_checkpoint WHERE partition = $p AND consumer = $c";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$c", consumer);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }

    public async Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO event_checkpoint (partition, consumer, position) VALUES ($p, $c, $pos)
            ON CONFLICT (partition, consumer) DO UPDATE SET position = max(position, excluded.position)
            """;
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$c", consumer);
        command.Parameters.AddWithValue("$pos", position);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _writer.CreateCommand();
            command.CommandText = "DELETE FROM event_log WHERE partition = $p AND position <= $upTo AND appended_at < $before";
            command.Parameters.AddWithValue("$p", partition);
            command.Parameters.AddWithValue("$upTo", upTo);
            command.Parameters.AddWithValue("$before", appendedBefore.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeGate.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
