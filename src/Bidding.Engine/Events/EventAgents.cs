using System.Globalization;
using System.Text.Json;
using Bidding.Engine.Catalog;
using Bidding.Runtime.Core;
using Bidding.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Events;

/// <summary>
/// Pulling agents: for each event-log partition this silo owns (all of them in a single silo; in a
/// cluster, those placement gives it, as if each partition were a grain), an agent reads the
/// partition in order from its stored checkpoint, hands each batch to every <see cref="IEventConsumer"/>
/// (campaign statistics, ...), then moves the checkpoint. Delivery is at least once; the grains
/// skip what they have applied, so each event takes effect once. When ownership moves, the old
/// owner's agent stops and the new owner's resumes from the checkpoint.
/// </summary>
internal sealed partial class EventAgents(
    IServiceProvider services, IEventLog log, IEnumerable<IEventConsumer> consumers, IOptions<EventAgentOptions> options, TimeProvider time, ILogger<EventAgents> logger,
    Hosting.EngineMetrics metrics)
    : BackgroundService
{
    private readonly IEventConsumer[] _consumers = [.. consumers];
    public const string Consumer = "stats";
    private const string PartitionGrainType = "event-partition";

    private readonly Dictionary<int, (CancellationTokenSource Stop, Task Loop)> _agents = [];
    private readonly EventAgentOptions _options = options.Value;

    /// <summary>The partitions this silo runs agents for now.</summary>
    public IReadOnlyCollection<int> Owned
    {
        get
        {
            lock (_agents)
                return [.. _agents.Keys];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var router = services.GetService<IGrainCallRouter>();
        try
        {
            var lastPurge = time.GetTimestamp();
            while (!stoppingToken.IsCancellationRequested)
            {
                Rebalance(router, stoppingToken);
                if (time.GetElapsedTime(lastPurge) >= _options.RetentionInterval)
                {
                    await PurgeAsync(stoppingToken);
                    lastPurge = time.GetTimestamp();
                }
                await Task.Delay(_options.OwnershipInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Task[] loops;
            lock (_agents)
            {
                foreach (var (_, agent) in _agents)
                    agent.Stop.Cancel();
                loops = [.. _agents.Values.Select(a => a.Loop)];
                _agents.Clear();
            }
            await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Rebalance(IGrainCallRouter? router, CancellationToken stoppingToken)
    {
        lock (_agents)
        {
            for (var partition = 0; partition < log.Partitions; partition++)
            {
                var mine = router is null
                    || router.Route(new GrainId(PartitionGrainType, partition.ToString(CultureInfo.InvariantCulture)), out _) == GrainRoute.Local;
                var running = _agents.TryGetValue(partition, out var agent);
                if (mine && !running)
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    _agents[partition] = (stop, RunAsync(partition, stop.Token));
                    LogStarted(logger, partition);
                }
                else if (!mine && running)
                {
                    agent.Stop.Cancel();
                    _agents.Remove(partition);
                    metrics.Released(partition);
                    LogStopped(logger, partition);
                }
            }
        }
    }

    /// <summary>Deletes consumed events older than the retention from the partitions this silo owns.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - _options.Retention;
        foreach (var partition in Owned)
        {
            try
            {
                var consumed = await log.ReadCheckpointAsync(partition, Consumer, cancellationToken);
                var purged = await log.PurgeAsync(partition, consumed, before, cancellationToken);
                if (purged > 0)
                    LogPurged(logger, purged, partition);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPurgeFailed(logger, partition, e);
            }
        }
    }

    private async Task RunAsync(int partition, CancellationToken cancellationToken)
    {
        await Task.Yield();
        long checkpoint = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (checkpoint < 0)
                    checkpoint = await log.ReadCheckpointAsync(partition, Consumer, cancellationToken);
                var page = await log.ReadAsync(partition, checkpoint, _options.BatchSize, cancellationToken);
                if (page.Count == 0)
                {
                    metrics.CaughtUp(partition);
                    await Task.Delay(_options.PollInterval, time, cancellationToken);
                    continue;
                }
                var lag = await DeliverAsync(partition, page);
                metrics.Consumed(partition, page.Count, lag);
                checkpoint = page[^1].Position;
                await log.WriteCheckpointAsync(partition, Consumer, checkpoint, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Start again from the stored checkpoint: what was delivered is skipped by the grains.
                LogDeliveryFailed(logger, partition, e);
                checkpoint = -1;
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The events of a page of the log, in order; an unreadable entry is handed to <paramref name="unreadable"/> and skipped.</summary>
    internal static List<LoggedEvent> Decode(IReadOnlyList<LogEntry> page, Action<LogEntry, JsonException> unreadable)
    {
        var events = new List<LoggedEvent>(page.Count);
        foreach (var entry in page)
        {
            try
            {
                if (JsonSerializer.Deserialize(entry.Payload, EngineJsonContext.Default.TrackingEvent) is { } e)
                    events.Add(new LoggedEvent(entry.Position, e));
            }
            catch (JsonException ex)
            {
                unreadable(entry, ex);
            }
        }
        return events;
    }

    /// <summary>Hands the page to every consumer; returns how old its last event was when they had it.</summary>
    private async Task<TimeSpan> DeliverAsync(int partition, IReadOnlyList<LogEntry> page)
    {
        var events = Decode(page, (entry, ex) => LogUnreadable(logger, partition, entry.Position, ex));
        foreach (var consumer in _consumers)
            await consumer.DeliverAsync(partition, events);
        return events.Count == 0 ? TimeSpan.Zero : time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(events[^1].Event.OccurredAt);
    }

    [LoggerMessage(6005, LogLevel.Information, "Purged {Count} events past retention from partition {Partition}")]
    private static partial void LogPurged(ILogger logger, int count, int partition);

    [LoggerMessage(6006, LogLevel.Warning, "Purging partition {Partition} failed; retrying at the next interval")]
    private static partial void LogPurgeFailed(ILogger logger, int partition, Exception exception);

    [LoggerMessage(6001, LogLevel.Debug, "Event agent for partition {Partition} started")]
    private static partial void LogStarted(ILogger logger, int partition);

    [LoggerMessage(6002, LogLevel.Debug, "Event agent for partition {Partition} stopped: another silo owns it now")]
    private static partial void LogStopped(ILogger logger, int partition);

    [LoggerMessage(6003, LogLevel.Warning, "Delivering events of partition {Partition} failed; resuming from its checkpoint")]
    private static partial void LogDeliveryFailed(ILogger logger, int partition, Exception exception);

    [LoggerMessage(6004, LogLevel.Error, "Event at position {Position} of partition {Partition} is unreadable; skipped")]
    private static partial void LogUnreadable(ILogger logger, int partition, long position, Exception exception);
}
