using Npgsql;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>The membership table as stored, read with plain SQL so the tests see what the database holds.</summary>
internal sealed record MembershipRow(string Address, int Port, int Generation, SiloStatus Status, string? SuspectTimes)
{
    public bool Is(SiloAddress silo) =>
        Address == silo.Endpoint.Address.ToString() && Port == silo.Endpoint.Port && Generation == silo.Generation;

    public static async Task<IReadOnlyList<MembershipRow>> ReadAsync(string database, string clusterId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address, port, generation, status, suspect_times FROM orleans_membership WHERE deployment_id = @cluster", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), (SiloStatus)reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return rows;
    }

    public static async Task<SiloStatus?> StatusAsync(string database, string clusterId, SiloAddress silo) =>
        (await ReadAsync(database, clusterId)).FirstOrDefault(r => r.Is(silo))?.Status;
}
