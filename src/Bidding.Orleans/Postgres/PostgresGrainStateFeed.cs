using Bidding.Orleans.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Bidding.Orleans.Postgres;

/// <summary>
/// Lists writes to the profile's grain storage by their <c>change_seq</c>, for one service. Reads walk
/// the (service_id, change_seq) index in order and stop at <c>max</c> rows.
/// </summary>
internal sealed class PostgresGrainStateFeed(string connectionString, string serviceId) : IGrainStateFeed
{
    // Rows with a NULL payload were cleared; rows with numeric key parts were not written through
    // StringKeyGrainStorage (their key text is not recoverable), so neither is reported.
    internal const string Query = """
        SELECT grain_type, grain_id_extension, payload, change_seq
        FROM orleans_storage
        WHERE service_id = @service AND change_seq > @after
          AND grain_type = ANY (@names) AND payload IS NOT NULL
          AND grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_id_extension IS NOT NULL
        ORDER BY change_seq
        LIMIT @max
        """;

    public async Task<IReadOnlyList<GrainStateChange>> ReadChangesAsync(IReadOnlyList<string> stateNames, long after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateNames);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (stateNames.Count == 0 || max == 0)
            return [];

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Query, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. stateNames] });
        command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max });

        var changes = new List<GrainStateChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new GrainStateChange(
                reader.GetString(0),
                StoredGrainKey.Decode(reader.GetString(1)),
                BinaryData.FromBytes(reader.GetFieldValue<byte[]>(2)),
                reader.GetInt64(3)));
        }
        return changes;
    }
}
