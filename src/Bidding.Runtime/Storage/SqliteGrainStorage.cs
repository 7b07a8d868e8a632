using System.Globalization;
using System.Runtime.CompilerServices;
using Bidding.Runtime.Core;
using Microsoft.Data.Sqlite;

namespace Bidding.Runtime.Storage;

/// <summary>
/// Grain storage in an embedded SQLite file (WAL mode). The ETag is a per-row version number; a
/// write succeeds only if it names the stored version, checked in the same statement.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
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

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

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
                    INSERT INTO grain_state (grain_type, grain_key, version, data, updated_utc)
                    VALUES ($type, $key, 1, $data, $now) ON CONFLICT DO NOTHING
                    """;
            }
            else
            {
                command.CommandText = """
                    UPDATE grain_state SET version = version + 1, data = $data, updated_utc = $now
                    WHERE grain_type = $type AND grain_key = $key AND version = $version
                    """;
                command.Parameters.AddWithValue("$version", ParseEtag(expectedEtag));
            }
            command.Parameters.AddWithValue("$type", id.Type);
            command.Parameters.AddWithValue("$key", id.Key);
            command.Parameters.AddWithValue("$data", data);
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new InconsistentStateException(id, expectedEtag, await CurrentEtagAsync(connection, id, cancellationToken));
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

    public void Dispose()
    {
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
    }

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
