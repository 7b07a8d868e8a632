using System.Collections.Concurrent;

namespace Bidding.LoadTests.Simulation;

/// <summary>
/// Runs an asynchronous simulation with every continuation of its own awaits on one thread. The bid
/// path's sampler keeps a generator per thread, so this is what makes a seeded run draw the same numbers
/// every time; the engine's own background work (grains, the event log's writer) still runs where it runs.
/// </summary>
internal sealed class SingleThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public static T Run<T>(Func<Task<T>> work)
    {
        var previous = Current;
        var context = new SingleThreadContext();
        SetSynchronizationContext(context);
        try
        {
            var task = work();
            task.ContinueWith(_ => context._queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
                callback(state);
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The simulation has finished: whatever still completes runs on the pool.
            ThreadPool.QueueUserWorkItem(s => d(s), state);
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("the simulation's context only takes posts");

    public override SynchronizationContext CreateCopy() => this;
}
