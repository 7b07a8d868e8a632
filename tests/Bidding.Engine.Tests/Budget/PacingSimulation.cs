using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Budget;

/// <summary>One campaign on the real bid path, leases and pacer, driven second by second on a fake clock through simulated days.</summary>
internal sealed class PacingSimulation : IAsyncDisposable
{
    private readonly EngineHarness _harness;
    private readonly LeaseRefresher _refresher;
    private readonly IBudgetPacerGrain _pacer;
    private readonly Random _random;
    private long _position;

    private PacingSimulation(EngineHarness harness, int seed)
    {
        _harness = harness;
        _refresher = harness.Services.GetRequiredService<LeaseRefresher>();
        _pacer = harness.Grains.GetGrain<IBudgetPacerGrain>("cmp");
        _random = new Random(seed);
    }

    /// <summary>Starts at midnight UTC with the campaign (id <c>cmp</c>, one banner creative) in place.</summary>
    public static async Task<PacingSimulation> StartAsync(Campaign campaign, int seed, IDictionary<string, string?>? settings = null)
    {
        var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)), settings);
        campaign.Id = "cmp";
        campaign.AdvertiserId = "adv";
        await harness.CreateCampaignAsync(campaign, "cr");
        return new PacingSimulation(harness, seed);
    }

    public IBudgetPacerGrain Pacer => _pacer;

    /// <summary>
    /// Runs 24 hours: each second a request arrives with probability <paramref name="arrivals"/>(hour);
    /// <paramref name="auction"/> turns our bid (a CPM in micros) into the clearing CPM we pay, or null for a loss.
    /// Wins are billed and losses reported at once.
    /// </summary>
    public async Task<DayResult> RunDayAsync(Func<int, double> arrivals, Func<long, Random, long?> auction)
    {
        var clock = _harness.Clock;
        var request = EngineHarness.BannerRequest();
        var cumulative = new long[24];
        var multipliers = new double[24];
        long spent = 0, impressions = 0, requests = 0;
        for (var second = 0; second < 86_400; second++)
        {
            await _refresher.RefreshAsync(CancellationToken.None);
            if (_random.NextDouble() < arrivals(second / 3600))
            {
                requests++;
                if (_harness.Engine.Bid(request) is { } response)
                {
                    var bid = (long)(response.Seatbid![0].Bid![0].Price * 1_000_000m);
                    var reserved = TrackingService.ReserveForOne(bid);
                    var e = new TrackingEvent { CampaignId = "cmp", BidAt = clock.GetUtcNow().ToUnixTimeSeconds(), BidPriceMicros = reserved };
                    if (auction(bid, _random) is { } clearing)
                    {
                        var cost = Math.Min(reserved, TrackingService.ReserveForOne(clearing));
                        e.Type = EventType.Billing;
                        e.PriceMicros = cost;
                        spent += cost;
                        impressions++;
                    }
                    else
                    {
                        e.Type = EventType.Loss;
                    }
                    await _pacer.ApplyAsync([new LoggedEvent(++_position, e)]);
                }
            }
            clock.Advance(TimeSpan.FromSeconds(1));
            if ((second + 1) % 3600 == 0)
            {
                cumulative[second / 3600] = spent;
                var pacing = (await _pacer.GetLedgerAsync()).Pacing;
                multipliers[second / 3600] = pacing.Multiplier * pacing.Participation;
            }
        }
        return new DayResult(spent, impressions, requests, cumulative, multipliers);
    }

    public ValueTask DisposeAsync() => _harness.DisposeAsync();
}

/// <param name="CumulativeByHour">Spend by the end of each hour.</param>
/// <param name="ControlByHour">The pacer's control (multiplier × participation) at the end of each hour.</param>
internal sealed record DayResult(long Spent, long Impressions, long Requests, long[] CumulativeByHour, double[] ControlByHour);
