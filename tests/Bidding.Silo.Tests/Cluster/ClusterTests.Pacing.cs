using System.Diagnostics;
using System.Globalization;
using Bidding.Engine.Budget;
using Bidding.Engine.Tracking;

namespace Bidding.Silo.Tests.Cluster;

public sealed partial class ClusterTests
{
    /// <summary>
    /// $5 a day at a $4 CPM, and requests at every silo, each bid billed at its full price: far more demand than the
    /// budget wants at any hour (a few thousand micros a second), so the pacer's controller lowers the multiplier each
    /// second, by the most it may (1.5 times). Its leases carry the multiplier to every silo, and every silo's bids come
    /// down with it. At 100 requests a second the budget lasts longer than the two steps below half take.
    /// </summary>
    [Fact]
    public async Task The_pacers_multiplier_reaches_every_silos_lease_and_bids()
    {
        const string Id = "cmp-pace";
        await ClusterCatalog.DefineAsync(Silos[0].Grains, ClusterCatalog.Cpm(Id, "adv-pace", dailyBudgetMicros: 5_000_000, totalBudgetMicros: 50_000_000), Id + "-banner");
        await Cluster.WaitForCatalogAsync(Id);
        var silos = Silos.ToArray();
        var lowest = new decimal[silos.Length];
        Array.Fill(lowest, decimal.MaxValue);
        var waited = Stopwatch.StartNew();
        // Requests arrive every 10 ms, each at the next silo; its billing notice reaches another.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        for (var i = 0; !Lowered(silos, lowest, Id); i++)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60),
                $"Timed out after 60 s waiting for every silo to lease and bid below half the value; lowest bids {string.Join(", ", lowest)}");
            await pace.WaitForNextTickAsync();
            var at = i % silos.Length;
            if (Bid(silos[at], $"pace-{i}", Id) is not { } bid)
                continue;
            lowest[at] = Math.Min(lowest[at], bid.Price);
            var billed = await bid.BillAsync(silos[(at + 1) % silos.Length].Tracking);
            Assert.True(billed.Result == TrackingResult.Accepted, $"the billing notice was {billed.Result} ({billed.Reason})");
        }

        var pacing = (await Silos[2].Grains.GetGrain<IBudgetPacerGrain>(Id).GetLedgerAsync()).Pacing;
        Assert.True(pacing.Multiplier < 0.5, $"the pacer's multiplier is {pacing.Multiplier}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"After {waited.Elapsed.TotalSeconds:F1} s: pacer multiplier {pacing.Multiplier:F3}; silo leases {string.Join(", ", silos.Select(s => LeaseGauges.PacingMultiplier(s, Id)?.ToString("F3", CultureInfo.InvariantCulture)))}; lowest bids {string.Join(", ", lowest)}"));
    }

    /// <summary>True once every silo's lease carries a multiplier below 0.5 and it has bid below half the $4 value.</summary>
    private static bool Lowered(EngineSilo[] silos, decimal[] lowest, string campaignId)
    {
        for (var k = 0; k < silos.Length; k++)
        {
            if (lowest[k] >= 2m || LeaseGauges.PacingMultiplier(silos[k], campaignId) is not < 0.5)
                return false;
        }
        return true;
    }
}
