using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Bidding.Orleans.Storage;

/// <summary>ETag conflicts and the provider's log messages (event ids 7100–7199).</summary>
internal sealed partial class SqliteGrainStorage
{
    private async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? etag, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        Conflict(operation, stateName, grainId, etag, await StoredEtagAsync(transaction, stateName, grainId, cancellationToken));

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, string? stored)
    {
        LogConflict(_name, operation, stateName, grainId, etag ?? "none", stored ?? "none");
        return new InconsistentStateException(
            $"SQLite grain storage '{_name}' refused to {operation} state '{stateName}' of {grainId}: it named ETag {etag ?? "none"} " +
            $"but the stored ETag is {stored ?? "none (nothing is stored)"}. Another activation or writer changed it.",
            stored,
            etag);
    }

    private static async Task<string?> StoredEtagAsync(SqliteTransaction transaction, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        AddRowKey(command, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
    }

    [LoggerMessage(7100, LogLevel.Information, "Grain storage {Name} opened {DataSource} (SQLite, journal mode {JournalMode})")]
    private partial void LogOpened(string name, string dataSource, string journalMode);

    [LoggerMessage(7101, LogLevel.Information, "Grain storage {Name} upgraded {DataSource} in place: change_seq column added {ColumnAdded}, {Rows} states numbered for the change feed")]
    private partial void LogUpgraded(string name, string dataSource, bool columnAdded, int rows);

    [LoggerMessage(7102, LogLevel.Warning, "Grain storage {Name} refused to {Operation} state {StateName} of {GrainId}: ETag {Etag}, stored {StoredEtag}")]
    private partial void LogConflict(string name, string operation, string stateName, GrainId grainId, string etag, string storedEtag);
}
