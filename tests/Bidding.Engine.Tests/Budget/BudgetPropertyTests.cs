using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Bidding.Testing;

namespace Bidding.Engine.Tests.Budget;

/// <summary>
/// Random interleavings of lease renewals, bids, wins at any price up to the bid, losses, silence,
/// clock jumps (lease expiry, midnight) and silo deaths, against the real pacer grain: what is
/// spent, plus what could still be spent if every open bid won at its full price, never exceeds
/// the daily or total budget.
/// </summary>
public sealed class BudgetPropertyTests
{
    // Small budgets against bids of up to $0.04 each, so the limits bind all the time.
    private const long Daily = 400_000;   // $0.40 a day
    // Even seeds: the total ($1) only binds after two full days, so the daily budget does; odd seeds: the total binds first.
    private static long TotalFor(int seed) => seed % 2 == 0 ? 1_000_000 : 250_000;
    private static readonly TimeSpan NoticeWindow = TimeSpan.FromMinutes(5);

    private sealed record OpenBid(int Silo, long BidAt, long Reserved, string Day);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 16)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Spend_never_exceeds_the_budget_whatever_happens(int seed)
    {
        var clock = new FakeTime(new DateTimeOffset(2026, 6, 1, 23, 45, 0, TimeSpan.Zero));
        await using var harness = new EngineHarness(clock, Settings);
        var grains = harness.Grains;
        await grains.GetGrain<ICampaignGrain>("cmp").SaveAsync(new Campaign
        {
            AdvertiserId = "adv", Name = "property", Currency = "USD", DailyBudgetMicros = Daily, TotalBudgetMicros = TotalFor(seed),
            Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 2_000_000 },
        });
        var pacer = grains.GetGrain<IBudgetPacerGrain>("cmp");

        var random = new Random(seed);
        var silos = Enumerable.Range(0, 3).Select(i => $"silo-{i}").ToArray();
        var leases = new LocalLease?[silos.Length];
        var alive = new bool[silos.Length];
        Array.Fill(alive, true);
        var open = new List<OpenBid>();
        var spentByDay = new Dictionary<string, long>();
        long spentTotal = 0, position = 0, bids = 0;

        for (var step = 0; step < 3_000; step++)
        {
            var s = random.Next(silos.Length);
            var now = clock.GetUtcNow();
            switch (random.Next(100))
            {
                case < 15 when alive[s]:
                    var closed = leases[s]?.Close();
                    var grant = await pacer.AcquireAsync(new LeaseRequest(silos[s], leases[s]?.Id, closed?.Usage ?? [], closed?.Activity));
                    leases[s] = new LocalLease(grant.LeaseId, grant.AmountMicros, grant.ExpiresAt.ToUnixTimeMilliseconds(), grant.Multiplier, grant.Participation);
                    break;
                case < 60 when alive[s] && leases[s] is { } lease:
                    var reserved = TrackingService.ReserveForOne(random.NextInt64(100_000, 40_000_000)); // CPM $0.10 to $40
                    if (lease.TryReserve(reserved, now.ToUnixTimeMilliseconds()))
                    {
                        open.Add(new OpenBid(s, now.ToUnixTimeSeconds(), reserved, Day(now)));
                        bids++;
                    }
                    else
                    {
                        lease.CountStarved(); // demand the lease could not serve: the pacing controller reacts to it
                    }
                    break;
                case < 75 when open.Count > 0:
                    // A win, billed at any price up to the bid.
                    var won = Take(open, random);
                    var cost = random.NextInt64(0, won.Reserved + 1);
                    await pacer.ApplyAsync([Logged(++position, EventType.Billing, won, cost)]);
                    spentByDay[won.Day] = spentByDay.GetValueOrDefault(won.Day) + cost;
                    spentTotal += cost;
                    break;
                case < 85 when open.Count > 0:
                    await pacer.ApplyAsync([Logged(++position, EventType.Loss, Take(open, random), 0)]);
                    break;
                case < 99:
                    clock.Advance(TimeSpan.FromSeconds(random.Next(0, 10)));
                    // Silence: a bid nobody reported within the notice window can no longer be billed.
                    open.RemoveAll(b => clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(b.BidAt) > NoticeWindow);
                    break;
                default:
                    // A silo dies: its lease is never closed, its open bids may still win.
                    alive[s] = false;
                    if (alive.All(a => !a))
                        alive[random.Next(silos.Length)] = true; // a replacement starts
                    break;
            }

            foreach (var day in open.Select(b => b.Day).Concat(spentByDay.Keys).Distinct())
            {
                var worst = spentByDay.GetValueOrDefault(day) + open.Where(b => b.Day == day).Sum(b => b.Reserved);
                Assert.True(worst <= Daily, $"seed {seed}, step {step}: {day} could spend {worst} > daily {Daily}");
            }
            Assert.True(spentTotal + open.Sum(b => b.Reserved) <= TotalFor(seed), $"seed {seed}, step {step}: total could exceed {TotalFor(seed)}");
        }
        Assert.True(bids > 20, $"seed {seed}: only {bids} bids were made; the test exercised too little");
        Assert.True(spentByDay.Values.Max() > Math.Min(Daily, TotalFor(seed)) / 2, $"seed {seed}: at most {spentByDay.Values.Max()} spent a day; the budget was never under pressure");
        Assert.Equal(spentTotal, (await pacer.GetLedgerAsync()).SettledTotalMicros);
    }

    private static OpenBid Take(List<OpenBid> open, Random random)
    {
        var i = random.Next(open.Count);
        var bid = open[i];
        open.RemoveAt(i);
        return bid;
    }

    private static LoggedEvent Logged(long position, EventType type, OpenBid bid, long cost) => new(position, new TrackingEvent
    {
        Type = type, CampaignId = "cmp", AuctionId = $"a{position}", BidId = $"b{position}", BidAt = bid.BidAt,
        BidPriceMicros = bid.Reserved, PriceMicros = cost, Currency = "USD",
    });

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Tracking:NoticeWindow"] = NoticeWindow.ToString(),
        ["Budget:ClockMargin"] = "00:00:00",
        ["Budget:LeaseTerm"] = "00:01:00",
        ["Budget:LeaseFraction"] = "0.25",
        ["Budget:PacingLookahead"] = "1.00:00:00", // no pacing curve: the daily budget itself must hold
    };
}
