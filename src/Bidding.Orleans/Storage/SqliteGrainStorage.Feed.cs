using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.Storage;

/// <summary>The change feed: rows by change number. Reads run beside the writer (WAL) and take no gate.</summary>
internal sealed partial class SqliteGrainStorage
{
    public async Task<IReadOnlyList<GrainStateChange>> ReadChangesAsync(IReadOnlyList<string> stateNames, long after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateNames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (stateNames.Count == 0)
            return [];
        await OpenAsync(cancellationToken);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT grain_type, grain_key, data, change_seq FROM grain_state
            WHERE change_seq > $after AND grain_type IN ({StateNameParameters(command, stateNames)})
            ORDER BY change_seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$max", max);
        var changes = new List<GrainStateChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            changes.Add(new GrainStateChange(reader.GetString(0), reader.GetString(1), new BinaryData(reader.GetFieldValue<byte[]>(2)), reader.GetInt64(3)));
        return changes;
    }

    /// <summary>One parameter per state name ("$s0, $s1, …"): names are never spliced into the SQL.</summary>
    private static string StateNameParameters(SqliteCommand command, IReadOnlyList<string> stateNames)
    {
        var names = new string[stateNames.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = "$s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(names[i], stateNames[i]);
        }
        return string.Join(", ", names);
    }
}
