using Bidding.Orleans.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>
/// Builds the pieces Orleans' persistent stream provider runs on: the adapter over the group-commit log,
/// a hash-ring queue mapper with one queue per log partition, Orleans' simple queue cache (it lets a
/// batch go only once every consumer's cursor has passed it, which is what the checkpoint needs) and a
/// failure handler that logs. Owns the log: the silo's container disposes it at shutdown.
/// </summary>
internal sealed partial class EventLogAdapterFactory : IQueueAdapterFactory, IAsyncDisposable, IDisposable
{
    private readonly GroupCommitEventLog _log;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly EventLogDeliveryFailureHandler _failureHandler;

    public EventLogAdapterFactory(string name, EventLogStreamOptions options, Serializer serializer, DeepCopier copier, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var problems = EventLogStreamOptionsValidator.Problems(options);
        if (problems.Count > 0)
            throw new OptionsValidationException(name, typeof(EventLogStreamOptions), problems);
        _log = new GroupCommitEventLog(CreateStore(options, time), options.Partitions, options.MaxAppendBatch);
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.Partitions }, name);
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, loggerFactory);
        _failureHandler = new EventLogDeliveryFailureHandler(name, loggerFactory.CreateLogger<EventLogDeliveryFailureHandler>());
        Adapter = new EventLogAdapter(name, _log, _mapper, serializer, copier, options, time, loggerFactory);
        LogCreated(loggerFactory.CreateLogger<EventLogAdapterFactory>(), name, options.Store, options.Partitions);
    }

    /// <summary>The one adapter of this provider; it is also the provider's <see cref="IEventLogStreamWriter"/>.</summary>
    public EventLogAdapter Adapter { get; }

    /// <summary>The factory for provider <paramref name="name"/>, as <c>AddPersistentStreams</c> asks for it.</summary>
    public static EventLogAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<EventLogStreamOptions>>().Get(name);
        return new EventLogAdapterFactory(name, options, services.GetRequiredService<Serializer>(), services.GetRequiredService<DeepCopier>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>());
    }

    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    // Waits for the store, so a silo whose log is unreachable or has another partition count fails at start.
    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        await Adapter.ReadyAsync(cancellationToken);
        return Adapter;
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(_failureHandler);

    public ValueTask DisposeAsync() => _log.DisposeAsync();

    public void Dispose() => _log.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static IEventLogStore CreateStore(EventLogStreamOptions options, TimeProvider time) => options.Store switch
    {
        EventLogStoreKind.InMemory => new InMemoryEventLogStore(time),
        EventLogStoreKind.Sqlite => new SqliteEventLogStore(options.SqlitePath!, time),
        EventLogStoreKind.Postgres => new PostgresEventLogStore(NpgsqlDataSource.Create(options.ConnectionString!), ownsDataSource: true),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Store, "Unknown event-log store."),
    };

    [LoggerMessage(7300, LogLevel.Information, "Event-log streams {Provider}: {Store} log with {Partitions} partitions")]
    private static partial void LogCreated(ILogger logger, string provider, EventLogStoreKind store, int partitions);
}
