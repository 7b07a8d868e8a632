using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.Storage;

/// <summary>
/// Group commit: writes wait in a queue, and one writer runs the waiting ones in one transaction, so many grains'
/// writes share one commit (one fsync) instead of paying one each. Each write still checks its own ETag in its
/// statement and fails alone with <see cref="global::Orleans.Storage.InconsistentStateException"/>; a commit that fails fails the whole
/// group (nothing of it is stored) and every writer in it sees the error.
/// </summary>
internal sealed partial class SqliteGrainStorage
{
    /// <summary>Most writes committed together.</summary>
    private const int MaxGroup = 256;

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _writerStart = new();
    private Task? _writer;

    /// <summary>One write waiting for the group commit; <see cref="Done"/> gives the new version.</summary>
    private sealed class PendingWrite(string stateName, GrainId grainId, byte[] data, string? expected)
    {
        public string StateName { get; } = stateName;
        public GrainId GrainId { get; } = grainId;
        public byte[] Data { get; } = data;
        public string? Expected { get; } = expected;
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void EnsureWriter()
    {
        if (_writer is not null)
            return;
        lock (_writerStart)
            _writer ??= Task.Run(WriteLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (await _writes.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _writes.Reader.TryRead(out var write))
                group.Add(write);
            await _writeGate.WaitAsync();
            try
            {
                await CommitAsync(group);
            }
            catch (Exception e)
            {
                // Nothing of the group is stored: every writer in it learns so.
                foreach (var write in group)
                    write.Done.TrySetException(e);
            }
            finally
            {
                _writeGate.Release();
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> group)
    {
        await using var connection = await ConnectAsync(CancellationToken.None);
        using var transaction = connection.BeginTransaction();
        var outcomes = new (long Version, Exception? Error)[group.Count];
        var now = _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < group.Count; i++)
            outcomes[i] = await WriteOneAsync(group[i], transaction, now);
        transaction.Commit();
        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i].Error is { } error)
                group[i].Done.TrySetException(error);
            else
                group[i].Done.TrySetResult(outcomes[i].Version);
        }
    }

    /// <summary>One write inside the group's transaction: its new version, or the conflict that refused it.</summary>
    private async Task<(long Version, Exception? Error)> WriteOneAsync(PendingWrite write, SqliteTransaction transaction, string now)
    {
        long version;
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        if (write.Expected is null)
        {
            version = 1;
            command.CommandText = $"""
                INSERT INTO grain_state (grain_type, grain_key, version, data, updated_utc, change_seq)
                VALUES ($type, $key, 1, $data, $now, {SqliteGrainStateSchema.NextChangeSeq}) ON CONFLICT DO NOTHING
                """;
        }
        else
        {
            // An ETag this storage did not issue cannot match the stored one.
            if (!TryParseEtag(write.Expected, out var current))
                return (0, await ConflictAsync("write", write.StateName, write.GrainId, write.Expected, transaction, CancellationToken.None));
            version = current + 1;
            command.CommandText = $"""
                UPDATE grain_state SET version = $version, data = $data, updated_utc = $now, change_seq = {SqliteGrainStateSchema.NextChangeSeq}
                WHERE grain_type = $type AND grain_key = $key AND version = $expected
                """;
            command.Parameters.AddWithValue("$expected", current);
            command.Parameters.AddWithValue("$version", version);
        }
        AddRowKey(command, write.StateName, write.GrainId);
        command.Parameters.AddWithValue("$data", write.Data);
        command.Parameters.AddWithValue("$now", now);
        if (await command.ExecuteNonQueryAsync() == 0)
            return (0, await ConflictAsync("write", write.StateName, write.GrainId, write.Expected, transaction, CancellationToken.None));
        return (version, null);
    }
}
