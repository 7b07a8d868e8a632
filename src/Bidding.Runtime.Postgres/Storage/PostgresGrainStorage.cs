using System.Globalization;
using System.Runtime.CompilerServices;
using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Bidding.Runtime.Postgres.Storage;

/// <summary>
/// Grain storage in PostgreSQL. The ETag is the row's version; a write names the version it
/// replaces and the check happens in the same statement, so of two activations that both read
/// version n exactly one can write n + 1. Every write takes a new change number for the
/// <see cref="IGrainChangeFeed"/>.
/// </summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource) : IGrainStorage, IGrainChangeFeed
{
    public async Task<StoredState?> ReadAsync(GrainId id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT data, version FROM grain_state WHERE grain_type = $1 AND grain_key = $2");
        AddId(command, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Row(reader, 0) : null;
    }

    public async Task<string> WriteAsync(GrainId id, byte[] data, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(expectedEtag is null
            ? """
              INSERT INTO grain_state (grain_type, grain_key, version, data) VALUES ($1, $2, 1, $3)
              ON CONFLICT DO NOTHING RETURNING version
              """
            : """
              UPDATE grain_state SET version = version + 1, data = $3, change_seq = nextval('grain_change_seq'), updated_at = now()
              WHERE grain_type = $1 AND grain_key = $2 AND version = $4 RETURNING version
              """);
        AddId(command, id);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Bytea });
        if (expectedEtag is not null)
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ParseEtag(expectedEtag) });
        var written = await command.ExecuteScalarAsync(cancellationToken);
        if (written is long version)
            return version.ToString(CultureInfo.InvariantCulture);
        throw new InconsistentStateException(id, expectedEtag, await CurrentEtagAsync(id, cancellationToken));
    }

    public async Task ClearAsync(GrainId id, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        if (expectedEtag is null)
        {
            if (await CurrentEtagAsync(id, cancellationToken) is { } stored)
                throw new InconsistentStateException(id, null, stored);
            return;
        }
        await using var command = dataSource.CreateCommand("DELETE FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND version = $3");
        AddId(command, id);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ParseEtag(expectedEtag) });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            throw new InconsistentStateException(id, expectedEtag, await CurrentEtagAsync(id, cancellationToken));
    }

    public async IAsyncEnumerable<(string Key, StoredState State)> ReadAllAsync(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT data, version, grain_key FROM grain_state WHERE grain_type = $1 ORDER BY grain_key");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainType });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return (reader.GetString(2), Row(reader, 0));
    }

    public async Task<IReadOnlyList<GrainChange>> ReadChangesAsync(IReadOnlyList<string> grainTypes, long after, int max, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT data, version, grain_type, grain_key, change_seq FROM grain_state
            WHERE change_seq > $1 AND grain_type = ANY($2) ORDER BY change_seq LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. grainTypes] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var changes = new List<GrainChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            changes.Add(new GrainChange(new GrainId(reader.GetString(2), reader.GetString(3)), Row(reader, 0), reader.GetInt64(4)));
        return changes;
    }

    private async Task<string?> CurrentEtagAsync(GrainId id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM grain_state WHERE grain_type = $1 AND grain_key = $2");
        AddId(command, id);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
    }

    private static void AddId(NpgsqlCommand command, GrainId id)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Key });
    }

    private static StoredState Row(NpgsqlDataReader reader, int first) =>
        new(reader.GetFieldValue<byte[]>(first), reader.GetInt64(first + 1).ToString(CultureInfo.InvariantCulture));

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ArgumentException($"'{etag}' is not an ETag issued by this storage.", nameof(etag));
}
