using System.Diagnostics;
using Bidding.Silo.Hosting;
using Bidding.Silo.OpenRtb;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Tests.OpenRtb;

public sealed class LoadShedderTests
{
    [Fact]
    public void Above_the_concurrency_limit_entry_is_refused_until_a_place_frees()
    {
        using var shedder = new LoadShedder(Options.Create(new SiloOptions { MaxConcurrentBids = 2, MaxQueueDelayMs = 0 }));

        Assert.True(shedder.TryEnter(out _));
        Assert.True(shedder.TryEnter(out _));
        Assert.False(shedder.TryEnter(out var reason));
        Assert.Equal("concurrency", reason);
        shedder.Exit();
        Assert.True(shedder.TryEnter(out _));
        Assert.Equal(2, shedder.InFlight);
    }

    [Fact]
    public async Task While_work_waits_for_threads_requests_are_shed_and_once_it_flows_they_are_taken_again()
    {
        using var shedder = new LoadShedder(Options.Create(new SiloOptions { MaxQueueDelayMs = 50 }));
        WaitFor(() => shedder.TryEnter(out _), "the shedder to take requests on an idle pool");
        shedder.Exit();

        // Occupy every pool thread (and the ones the pool adds while starved) for a while: the probe waits behind them.
        using var release = new ManualResetEventSlim();
        var blockers = Enumerable.Range(0, ThreadPool.ThreadCount + 2 * Environment.ProcessorCount + 8)
            .Select(_ => Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(20)), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))
            .ToArray();
        // Watched from a thread of its own, which also releases the pool: a continuation would wait behind the blockers.
        string? reason = null;
        var shed = await Task.Factory.StartNew(() =>
        {
            try
            {
                return Poll(() => !shedder.TryEnter(out reason));
            }
            finally
            {
                release.Set();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(blockers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(shed, "no request was shed in 15 s while the pool was blocked");

        Assert.Equal("queue", reason);
        WaitFor(() =>
        {
            var entered = shedder.TryEnter(out _);
            if (entered)
                shedder.Exit();
            return entered;
        }, "requests to be taken again once the pool flows");
        Assert.True(shedder.QueueDelay < TimeSpan.FromMilliseconds(50), $"queue delay {shedder.QueueDelay} after recovery");
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        Assert.True(Poll(condition), $"waited 15 s for {what}");
    }

    /// <summary>Polls <paramref name="condition"/> every 5 ms for up to 15 s.</summary>
    private static bool Poll(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (condition())
                return true;
            Thread.Sleep(5);
        }
        return false;
    }
}
