using System.Diagnostics;
using Bidding.Engine.Tracking;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Traffic where every bid wins at its full price: a request every 5 ms at the bidding silos in turn and, for each
/// bid, its win and billing notices at one of the notice silos, each sent again until acknowledged (as an exchange
/// retries a notice that failed), and the win notice once more at another silo. It counts what was won and what the
/// notice path acknowledged.
/// </summary>
internal sealed class WinningLoad(string campaignId, IReadOnlyList<EngineSilo> bidders, IReadOnlyList<EngineSilo> noticeSilos, int milestone)
{
    private readonly TaskCompletionSource _milestone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IReadOnlyList<EngineSilo> _bidders = bidders;
    private volatile bool _switched;
    private long _won;

    public long Won => Interlocked.Read(ref _won);

    /// <summary>Bids won since <see cref="BidOnlyAt"/> was called.</summary>
    public long WonAfterSwitch { get; private set; }

    public long WinsAcknowledged { get; private set; }

    /// <summary>The sum of the acknowledged billing notices' costs, in micros.</summary>
    public long SpendAcknowledged { get; private set; }

    /// <summary>The last bid won.</summary>
    public ClusterBid? Last { get; private set; }

    /// <summary>Completes once <c>milestone</c> bids were won.</summary>
    public Task Milestone => _milestone.Task;

    /// <summary>From the next request on, bids only at <paramref name="silos"/>.</summary>
    public void BidOnlyAt(IReadOnlyList<EngineSilo> silos)
    {
        _bidders = silos;
        _switched = true;
    }

    /// <summary>
    /// Runs until <paramref name="exhausted"/> says the budget is gone (it is asked after each 100 requests in a row
    /// without a bid, once <see cref="BidOnlyAt"/> was called), or fails after <paramref name="limit"/>.
    /// </summary>
    public async Task RunAsync(Func<Task<bool>> exhausted, TimeSpan limit, CancellationToken cancellationToken)
    {
        var running = Stopwatch.StartNew();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var quiet = 0;
        for (var i = 0; ; i++)
        {
            Assert.True(running.Elapsed < limit, $"Timed out after {limit.TotalSeconds} s waiting for {campaignId}'s budget to be spent ({Won} won)");
            await pace.WaitForNextTickAsync(cancellationToken);
            var bidders = _bidders;
            var auctionId = $"load-{i}";
            var bid = ClusterBid.From(auctionId, bidders[i % bidders.Count].Engine.Bid(ClusterCatalog.Request(auctionId, campaignId)));
            if (bid is null)
            {
                if (++quiet % 100 == 0 && _switched && await exhausted())
                    return;
                continue;
            }
            quiet = 0;
            Assert.Equal(ClusterCatalog.CpmMicros, (long)(bid.Price * 1_000_000m));
            var notices = noticeSilos[i % noticeSilos.Count].Tracking;
            await AcknowledgedAsync(() => bid.WinAsync(notices), repeat: false);
            WinsAcknowledged++;
            // The exchange sends the win notice again, to another silo: acknowledged, and known for a repeat.
            await AcknowledgedAsync(() => bid.WinAsync(noticeSilos[(i + 1) % noticeSilos.Count].Tracking), repeat: true);
            await AcknowledgedAsync(() => bid.BillAsync(notices), repeat: false);
            SpendAcknowledged += bid.CostMicros;
            Last = bid;
            if (_switched)
                WonAfterSwitch++;
            if (Interlocked.Increment(ref _won) >= milestone)
                _milestone.TrySetResult();
        }
    }

    /// <summary>
    /// Sends a notice until the notice path acknowledges it: stored now, or already stored (by an attempt that failed
    /// on the way back, or, for a <paramref name="repeat"/>, by the notice it repeats).
    /// </summary>
    private static async Task AcknowledgedAsync(Func<Task<TrackingOutcome>> send, bool repeat)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await send();
                Assert.True(outcome.Ok, $"the notice was rejected: {outcome.Reason}");
                if (repeat)
                    Assert.True(outcome.Result == TrackingResult.Duplicate, "a repeated notice was stored again");
                else
                    Assert.True(attempt > 1 || outcome.Result == TrackingResult.Accepted, "a first notice was taken for a repeat");
                return;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException && attempt < 5)
            {
                // Not acknowledged: the exchange sends it again.
            }
        }
    }
}
