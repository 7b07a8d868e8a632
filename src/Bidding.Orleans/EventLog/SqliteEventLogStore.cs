using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.EventLog;

/// <summary>
/// The event log in an embedded SQLite file (WAL, full sync: a batch is on disk before its appends are
/// answered). Writes (appends, checkpoints, purges) go through one connection, one at a time, so positions
/// (row ids, never reused thanks to AUTOINCREMENT) become visible in order. Several stores may open the
/// same file (silos of one machine): SQLite's file lock serializes their writers.
/// </summary>
internal sealed class SqliteEventLogStore : IEventLogStore
{
    // A purge deletes in chunks and lets appends in between, so a large backlog does not stall producers.
    private const int PurgeChunk = 5000;

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
    }

    public async Task InitializeAsync(int partitions, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_writer.State != System.Data.ConnectionState.Open)
                _writer.Open();
            var stored = SqliteEventLogSchema.Ensure(_writer, partitions);
            if (stored != partitions)
                throw new EventLogPartitionMismatchException(stored, partitions);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            // Synchronous calls on purpose: the group-commit writer has this thread to itself, and
            // Microsoft.Data.Sqlite's async methods only wrap the synchronous ones.
            using var transaction = _writer.BeginTransaction();
            using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO eventlog_entry (partition, event_id, payload, appended_at) VALUES ($p, $id, $payload, $at)";
            var partition = insert.Parameters.Add("$p", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            insert.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            insert.Prepare();
            for (var i = 0; i < batch.Count; i++)
            {
                partition.Value = batch[i].Partition;
                id.Value = (object?)batch[i].EventId ?? DBNull.Value;
                payload.Value = batch[i].Payload;
                stored[i] = insert.ExecuteNonQuery() == 1;
            }
            transaction.Commit();
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
        command.CommandText = "SELECT position, event_id, payload FROM eventlog_entry WHERE partition = $p AND position > $after ORDER BY position LIMIT $max";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$max", max);
        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new LogEntry(partition, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), (byte[])reader.GetValue(2)));
        return entries;
    }

    public async Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT position FROM eventlog_checkpoint WHERE partition = $p AND consumer = $c";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$c", consumer);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }

    public async Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken)
    {
        // Through the writer connection: a second writing connection would only wait on SQLite's file lock.
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var command = _writer.CreateCommand();
            command.CommandText = """
                INSERT INTO eventlog_checkpoint (partition, consumer, position) VALUES ($p, $c, $pos)
                ON CONFLICT (partition, consumer) DO UPDATE SET position = max(position, excluded.position)
                """;
            command.Parameters.AddWithValue("$p", partition);
            command.Parameters.AddWithValue("$c", consumer);
            command.Parameters.AddWithValue("$pos", position);
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken)
    {
        var purged = 0;
        while (true)
        {
            int deleted;
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                using var command = _writer.CreateCommand();
                command.CommandText = """
                    DELETE FROM eventlog_entry WHERE position IN (
                        SELECT position FROM eventlog_entry
                        WHERE partition = $p AND position <= $upTo AND appended_at < $before
                        ORDER BY position LIMIT $chunk)
                    """;
                command.Parameters.AddWithValue("$p", partition);
                command.Parameters.AddWithValue("$upTo", upTo);
                command.Parameters.AddWithValue("$before", appendedBefore.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$chunk", PurgeChunk);
                deleted = command.ExecuteNonQuery();
            }
            finally
            {
                _writeGate.Release();
            }
            purged += deleted;
            if (deleted < PurgeChunk)
                return purged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await _writer.DisposeAsync();
            // Pooled reader connections would keep the file open after the store is gone.
            using var same = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(same);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
