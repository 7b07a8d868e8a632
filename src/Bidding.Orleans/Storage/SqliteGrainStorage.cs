using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bidding.Orleans.Storage;

/// <summary>
/// Orleans grain storage in one embedded SQLite file (WAL mode), for the one-silo profile. A row per
/// (state name, grain key); the ETag is the row's version number, checked in the statement that writes,
/// so a write or clear naming a stale ETag changes nothing and throws <see cref="InconsistentStateException"/>.
/// A null ETag means "nothing stored": the write inserts, and fails if a row appeared meanwhile.
/// Every write is numbered for the <see cref="IGrainStateFeed"/>.
/// </summary>
/// <remarks>
/// The state name given to <c>[PersistentState(stateName, storageName)]</c> is the row's <c>grain_type</c>:
/// two grain classes that use the same state name share rows. Microsoft.Data.Sqlite runs synchronously under
/// its async API; that is accepted for the embedded profile.
/// </remarks>
internal sealed partial class SqliteGrainStorage : IGrainStorage, IGrainStateFeed, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;

    // One writer at a time (the group commit, clears). Each write takes its change number inside its transaction and SQLite commits one
    // writer at a time, so numbers are committed in order (a feed reader never sees one before a smaller one),
    // even with a second process on the file. The gate queues this process's writers as an async wait, where
    // SQLite's lock would queue them in a retry loop that sleeps on a pool thread.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _opened;

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, IActivatorProvider activators, TimeProvider time, ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _activators = activators;
        _time = time;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DataSource,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The factory given to Orleans' <c>AddGrainStorage</c>.</summary>
    public static SqliteGrainStorage Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<SqliteGrainStorage>>());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data, version FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        AddRowKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            Reset(grainState);
            return;
        }
        var state = _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)));
        grainState.State = state ?? NewState<T>();
        grainState.ETag = Etag(reader.GetInt64(1));
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var data = Bytes(_options.GrainStorageSerializer.Serialize(grainState.State));
        await OpenAsync(cancellationToken);
        var write = new PendingWrite(stateName, grainId, data, grainState.ETag);
        EnsureWriter();
        await _writes.Writer.WriteAsync(write, cancellationToken);
        var version = await write.Done.Task;
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken);
            using var transaction = connection.BeginTransaction();
            var stored = await StoredEtagAsync(transaction, stateName, grainId, cancellationToken);
            if (stored != grainState.ETag)
                throw Conflict("clear", stateName, grainId, grainState.ETag, stored);
            if (stored is not null)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = SqliteGrainStateSchema.KeepLastChangeSeq + "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key";
                AddRowKey(command, stateName, grainId);
                await command.ExecuteNonQueryAsync(cancellationToken);
                transaction.Commit();
            }
        }
        finally
        {
            _writeGate.Release();
        }
        Reset(grainState);
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = NewState<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    private static void AddRowKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", stateName);
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
    }

    private static byte[] Bytes(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseEtag(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
