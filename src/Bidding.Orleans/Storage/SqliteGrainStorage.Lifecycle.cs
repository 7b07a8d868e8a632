using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.Storage;

/// <summary>Opening the file at silo start (or first use), and what stopping does: nearly nothing, on purpose.</summary>
internal sealed partial class SqliteGrainStorage
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(_name), _options.InitStage, OpenAsync, CloseAsync);

    /// <summary>
    /// Opens the file and creates or upgrades its schema, once; the silo calls it at <see cref="SqliteGrainStorageOptions.InitStage"/>
    /// and every operation first, so a caller that runs before that stage (a read model loading at start) finds the schema too.
    /// </summary>
    internal async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_opened)
            return;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_opened)
                return;
            var directory = Path.GetDirectoryName(Path.GetFullPath(_options.DataSource));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            await using var connection = await ConnectAsync(cancellationToken);
            var upgrade = SqliteGrainStateSchema.Apply(connection);
            LogOpened(_name, _options.DataSource, upgrade.JournalMode);
            if (upgrade.ChangeSeqAdded || upgrade.RowsNumbered > 0)
                LogUpgraded(_name, _options.DataSource, upgrade.ChangeSeqAdded, upgrade.RowsNumbered);
            _opened = true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <remarks>
    /// Only closes idle pooled connections of this file, and leaves the storage usable: a write that comes later
    /// (a grain deactivating late in shutdown, a follower's last read) opens a new connection and succeeds. The
    /// home-made store lost such writes when the container disposed it early; this class is not
    /// <see cref="IDisposable"/> for that reason, and has nothing that needs disposing.
    /// </remarks>
    internal Task CloseAsync(CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return Task.CompletedTask;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
