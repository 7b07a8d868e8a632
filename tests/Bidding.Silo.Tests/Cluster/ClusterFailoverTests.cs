using System.Diagnostics;
using System.Globalization;
using Bidding.Engine.Budget;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Xunit.Abstractions;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>Money and events across three silos when one of them dies while every bid wins.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const string Id = "cmp-money";

    /// <summary>$0.20: fifty impressions at a $4 CPM, five to a lease.</summary>
    private const long DailyBudget = 200_000;

    /// <summary>The issue's acceptance: a dead silo's grains answer again on a survivor within this.</summary>
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_silo_killed_under_load_costs_no_overspend_nor_an_acknowledged_notice_and_its_grains_answer_again_on_a_survivor()
    {
        // No pacing controller and the whole day's budget available at once: the daily budget itself is the limit under test.
        await using var cluster = await EngineCluster.StartAsync(3, new Dictionary<string, string?>
        {
            ["Budget:Controller"] = "false",
            ["Budget:PacingLookahead"] = "1.00:00:00",
            ["Budget:LeaseFraction"] = "0.1",
        });
        EngineSilo[] survivors = [cluster.Silos[0], cluster.Silos[2]];
        var victim = cluster.Silos[1];
        var grains = survivors[0].Grains;
        // The campaign's definition, pacer and statistics live on the silo that will die.
        await GrainPlacement.OnSiloAsync(victim.Address, async () =>
        {
            await victim.Grains.GetGrain<IBudgetPacerGrain>(Id).GetLedgerAsync(); // and the campaign grain it reads
            await victim.Grains.GetGrain<ICampaignStatsGrain>(Id).GetAsync();
        });
        await ClusterCatalog.DefineAsync(grains, ClusterCatalog.Cpm(Id, "adv-money", DailyBudget, 10 * DailyBudget), Id + "-banner");
        await cluster.WaitForCatalogAsync(Id);
        IAddressable[] campaignGrains = [grains.GetGrain<ICampaignGrain>(Id), grains.GetGrain<IBudgetPacerGrain>(Id), grains.GetGrain<ICampaignStatsGrain>(Id)];
        foreach (var grain in campaignGrains)
            Assert.Equal(victim.Address, await GrainPlacement.LocationAsync(grains, grain));

        // Bids at every silo, notices only at the survivors; the victim dies after fifteen wins.
        var load = new WinningLoad(Id, cluster.Silos.ToArray(), survivors, milestone: 15);
        using var stop = new CancellationTokenSource();
        var survivorLeases = survivors.Select(s => s.Leases.Silo).ToHashSet();
        var running = load.RunAsync(() => BudgetSpentAsync(grains, survivorLeases), TimeSpan.FromSeconds(120), stop.Token);
        try
        {
            await Task.WhenAny(load.Milestone, running).Unwrap();
            ClusterLog.Note($"{load.Won} won: killing {victim}");
            var sinceKill = Stopwatch.StartNew();
            load.BidOnlyAt(survivors);
            // The silo is cut off as the call returns; its host then stops without grace.
            var killed = cluster.KillSiloAsync(1);
            // Each of the dead silo's grains answers again through a survivor, from an activation there.
            var answered = await Task.WhenAll(campaignGrains.Select(grain => AnswersAgainAsync(grains, grain, sinceKill)));
            await killed;
            output.WriteLine($"From the kill to an answer on a survivor: {string.Join(", ", answered.Select((t, k) => $"{campaignGrains[k]} {Seconds(t)} s"))}");
            foreach (var grain in campaignGrains)
                Assert.NotEqual(victim.Address, await GrainPlacement.LocationAsync(grains, grain));
            ClusterLog.Note("every grain answered again");
            await running;
            ClusterLog.Note("the budget is spent");
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.True(load.WonAfterSwitch > 0, "the campaign must keep spending on the surviving silos");
        Assert.True(load.SpendAcknowledged <= DailyBudget, $"the exchanges billed {load.SpendAcknowledged} of a {DailyBudget} daily budget");
        // The killed silo's lease stays committed for the notice window, so not all of the budget is spent, but most is.
        Assert.True(load.SpendAcknowledged >= DailyBudget / 2, $"only {load.SpendAcknowledged} of {DailyBudget} was spent");

        // A last event after all the acknowledged ones: once it is counted, every earlier one of the stream was delivered.
        Assert.Equal(TrackingResult.Accepted, (await load.Last!.ImpressionAsync(survivors[0].Tracking)).Result);
        var stats = grains.GetGrain<ICampaignStatsGrain>(Id);
        await Wait.UntilAsync(async () => (await stats.GetAsync()).Total.Impressions == 1, "the last event to be counted", TimeSpan.FromSeconds(60));
        var total = (await stats.GetAsync()).Total;
        Assert.Equal(load.WinsAcknowledged, total.Wins);
        Assert.Equal(load.SpendAcknowledged, total.SpendMicros);

        var pacer = grains.GetGrain<IBudgetPacerGrain>(Id);
        await Wait.UntilAsync(async () => (await pacer.GetLedgerAsync()).SettledTotalMicros >= load.SpendAcknowledged, "the pacer to settle every billing notice", TimeSpan.FromSeconds(60));
        var ledger = await pacer.GetLedgerAsync();
        Assert.Equal(load.SpendAcknowledged, ledger.SettledTotalMicros);
        Assert.True(ledger.SettledTodayMicros <= DailyBudget, $"the pacer settled {ledger.SettledTodayMicros} of a {DailyBudget} daily budget");
        output.WriteLine($"Won {load.Won} ({load.WonAfterSwitch} after the kill), spent {load.SpendAcknowledged} of {DailyBudget}; still committed: "
            + $"{ledger.PendingMicros} reserved, leases {string.Join(", ", ledger.Leases.Select(l => $"{l.AmountMicros} ({(survivorLeases.Contains(l.Silo) ? "survivor" : "dead silo")})"))}.");

        // The survivors voted the silo out: each sees exactly the two of them.
        await cluster.WaitForMembershipAsync();
    }

    /// <summary>
    /// True once the survivors can spend no more: what is committed (settled, reserved, leased) leaves no room for
    /// another bid, and no survivor holds a lease that could take one. (A lease the pacer still counts in full may be
    /// closed already, its report on the way: its unused part comes back, and another lease with it.)
    /// </summary>
    private static async Task<bool> BudgetSpentAsync(IGrainFactory grains, HashSet<string> survivorLeases)
    {
        var oneBid = TrackingService.ReserveForOne(ClusterCatalog.CpmMicros);
        try
        {
            var ledger = await grains.GetGrain<IBudgetPacerGrain>(Id).GetLedgerAsync();
            return ledger.DailyBudgetMicros - ledger.CommittedTodayMicros < oneBid
                && ledger.Leases.All(l => !survivorLeases.Contains(l.Silo) || l.AmountMicros < oneBid);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return false; // the pacer is on its way to a survivor
        }
    }

    /// <summary>Calls the grain through a survivor until it answers; how long after the kill that was.</summary>
    private static async Task<TimeSpan> AnswersAgainAsync(IGrainFactory grains, IAddressable grain, Stopwatch sinceKill)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            try
            {
                await (grain switch
                {
                    ICampaignGrain campaign => campaign.GetAsync(),
                    IBudgetPacerGrain pacer => pacer.GetLedgerAsync(),
                    ICampaignStatsGrain stats => (Task)stats.GetAsync(),
                    _ => throw new ArgumentException($"No call for {grain}", nameof(grain)),
                });
                var answeredAt = sinceKill.Elapsed;
                Assert.True(answeredAt <= Failover, $"{grain} answered {Seconds(answeredAt)} s after the kill, more than {Failover.TotalSeconds} s");
                return answeredAt;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.True(sinceKill.Elapsed <= Failover, $"{grain} did not answer within {Failover.TotalSeconds} s of the kill: {e.GetType().Name}: {e.Message}");
            }
            await poll.WaitForNextTickAsync();
        }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
