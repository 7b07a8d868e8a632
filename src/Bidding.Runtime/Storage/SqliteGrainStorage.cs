using System.Globalization;
using System.Runtime.CompilerServices;
using Bidding.Runtime.Core;
using Microsoft.Data.Sqlite;

namespace Bidding.Runtime.Storage;

/// <summary>
/// Grain storage in an embedded SQLite file (WAL mode). The ETag is a per-row version number; a
/// write succeeds only if it names the stored version, checked in the same statement. Every write is
/// numbered (<see cref="IGrainChangeFeed"/>), so followers read what changed instead of asking every grain.
/// </summary>
/// <remarks>
/// Writes go through one gate, so change numbers are given out and committed in order: a follower never
/// sees a number before a smaller one that is still to commit.
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, IGrainChangeFeed, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            updated_utc TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key)
        );
        """;

    // Files written before the change feed lack the column: add it (existing rows count as change 0).
    private const string ChangeFeedSchema = """
        CREATE INDEX IF NOT EXISTS grain_state_change ON grain_state (change_seq);
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private long _changeSeq;

    public SqliteGrainStorage(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('grain_state') WHERE name = 'change_seq'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            command.CommandText = "ALTER TABLE grain_state ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0";
            command.ExecuteNonQuery();
        }
        command.CommandText = ChangeFeedSchema;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COALESCE(MAX(change_seq), 0) FROM grain_state";
        _changeSeq = (long)command.ExecuteScalar()!;
    }

    public async Task<StoredState?> ReadAsync(GrainId id, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data, version FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", id.Type);
        command.Parameters.AddWithValue("$key", id.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Row(reader) : null;
    }

    public async Task<string> WriteAsync(GrainId id, byte[] data, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            if (expectedEtag is null)
            {
                command.CommandText = """
                    INSERT INTO grain_state (grain_type, grain_key, version, data, updated_utc, change_seq)
                    VALUES ($type, $key, 1, $data, $now, $seq) ON CONFLICT DO NOTHING
                    """;
            }
            else
            {
                command.CommandText = """
                    UPDATE grain_state SET version = version + 1, data = $data, updated_utc = $now, change_seq = $seq
                    WHERE grain_type = $type AND grain_key = $key AND version = $version
                    """;
                command.Parameters.AddWithValue("$version", ParseEtag(expectedEtag));
            }
            command.Parameters.AddWithValue("$type", id.Type);
            command.Parameters.AddWithValue("$key", id.Key);
            command.Parameters.AddWithValue("$data", data);
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$seq", _changeSeq + 1);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new InconsistentStateException(id, expectedEtag, await CurrentEtagAsync(connection, id, cancellationToken));
            _changeSeq++;
            return expectedEtag is null ? "1" : (ParseEtag(expectedEtag) + 1).ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task ClearAsync(GrainId id, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = Open();
            var current = await CurrentEtagAsync(connection, id, cancellationToken);
            if (current != expectedEtag)
                throw new InconsistentStateException(id, expectedEtag, current);
            if (current is null)
                return;
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND version = $version";
            command.Parameters.AddWithValue("$type", id.Type);
            command.Parameters.AddWithValue("$key", id.Key);
            command.Parameters.AddWithValue("$version", ParseEtag(current));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async IAsyncEnumerable<(string Key, StoredState State)> ReadAllAsync(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data, version, grain_key FROM grain_state WHERE grain_type = $type ORDER BY grain_key";
        command.Parameters.AddWithValue("$type", grainType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return (reader.GetString(2), Row(reader));
    }

    public async Task<IReadOnlyList<GrainChange>> ReadChangesAsync(IReadOnlyList<string> grainTypes, long after, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        var types = new string[grainTypes.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = $"$t{i}";
            command.Parameters.AddWithValue(types[i], grainTypes[i]);
        }
        command.CommandText = $"""
            SELECT data, version, grain_type, grain_key, change_seq FROM grain_state
            WHERE change_seq > $after AND grain_type IN ({string.Join(", ", types)}) ORDER BY change_seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$max", max);
        var changes = new List<GrainChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            changes.Add(new GrainChange(new GrainId(reader.GetString(2), reader.GetString(3)), Row(reader), reader.GetInt64(4)));
        return changes;
    }

    /// <remarks>
    /// Safe to call early and more than once: the container disposes this object once for each service it is
    /// registered as, the first possibly before the grain runtime's last writes (grains deactivating at shutdown),
    /// which must still succeed. So only idle pooled connections are closed; the write gate needs no disposal.
    /// </remarks>
    public void Dispose() => SqliteConnection.ClearAllPools();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static StoredState Row(SqliteDataReader reader) =>
        new((byte[])reader.GetValue(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ArgumentException($"'{etag}' is not an ETag issued by this storage.", nameof(etag));

    private static async Task<string?> CurrentEtagAsync(SqliteConnection connection, GrainId id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", id.Type);
        command.Parameters.AddWithValue("$key", id.Key);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
    }
}
