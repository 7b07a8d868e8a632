using Bidding.Engine.Hosting;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams.Core;

namespace Bidding.Engine.Events;

/// <summary>
/// A grain keyed by campaign id that takes effect from that campaign's event stream (an implicit
/// subscription in <see cref="EventStreams.Namespace"/>), each event exactly once: events at or before
/// the state's <see cref="StreamCursor"/> are skipped, and the cursor is written with the effects of a
/// batch in one state write before the batch is acknowledged. If that write fails the activation is
/// dropped, so the redelivered batch applies to the stored state, not to the unsaved one in memory.
/// Written once here for every consumer: statistics, budget-pacer, creative-arms and shading.
/// </summary>
internal abstract class CampaignEventConsumer<TState>(IPersistentState<TState> state)
    : Grain, ICampaignEventConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<TrackingEvent>
    where TState : class, ICampaignEventState, new()
{
    private TimeProvider? _time;
    private EngineMetrics? _metrics;

    protected TState State => state.State;

    protected IPersistentState<TState> Storage => state;

    protected string CampaignId => this.GetPrimaryKeyString();

    /// <summary>The consumer's name in metrics: its grain type.</summary>
    private string ConsumerName => GrainContext.GrainId.Type.ToString()!;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<TrackingEvent>().ResumeAsync(this);

    public Task OnNextAsync(IList<SequentialItem<TrackingEvent>> items)
    {
        if (items.Count == 0)
            return Task.CompletedTask;
        var changed = false;
        return ApplyBatchAsync(items.Count, items[^1].Item, () =>
        {
            foreach (var item in items)
            {
                if (State.Cursor.Advance(item.Token))
                    changed |= Apply(item.Item);
            }
            return changed;
        });
    }

    public Task ApplyAsync(IReadOnlyList<LoggedEvent> events)
    {
        if (events.Count == 0)
            return Task.CompletedTask;
        var changed = false;
        return ApplyBatchAsync(events.Count, events[^1].Event, () =>
        {
            foreach (var (position, e) in events)
            {
                if (State.Cursor.Advance(position, 0))
                    changed |= Apply(e);
            }
            return changed;
        });
    }

    /// <summary>Applies a batch (<paramref name="apply"/> says whether the state changed) and writes it in one write.</summary>
    private async Task ApplyBatchAsync(int count, TrackingEvent last, Func<bool> apply)
    {
        _time ??= ServiceProvider.GetRequiredService<TimeProvider>();
        _metrics ??= ServiceProvider.GetRequiredService<EngineMetrics>();
        _metrics.Consumed(ConsumerName, count, _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(last.OccurredAt));
        await BeginBatchAsync();
        if (!apply())
            return;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        OnWritten();
    }

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>Work needed once per batch before applying it (read the campaign's time zone, say).</summary>
    protected virtual Task BeginBatchAsync() => Task.CompletedTask;

    /// <summary>Applies one event not applied before; true if the state changed (and must be written).</summary>
    protected abstract bool Apply(TrackingEvent e);

    /// <summary>After a batch's write succeeded.</summary>
    protected virtual void OnWritten()
    {
    }
}
