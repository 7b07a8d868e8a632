using System.Collections.Immutable;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;

namespace Bidding.Runtime.Tests.Cluster;

public sealed class PlacementTests
{
    private static readonly ImmutableArray<SiloAddress> Silos =
    [
        new("10.0.0.1", 11111, 100), new("10.0.0.2", 11111, 200), new("10.0.0.3", 11111, 300), new("10.0.0.4", 11111, 400),
    ];

    private static GrainId[] Keys(int count) => [.. Enumerable.Range(0, count).Select(i => new GrainId("campaign", $"cmp-{i}"))];

    [Fact]
    public void Owners_are_spread_evenly()
    {
        var view = new MembershipView(1, Silos);
        var counts = Keys(20_000).GroupBy(k => Placement.OwnerOf(k, view)).ToDictionary(g => g.Key!.Value, g => g.Count());

        // 5,000 expected each; a binomial standard deviation is about 61, so ±6 % is over 4.5 sigma.
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 4_700, 5_300));
    }

    [Fact]
    public void Only_the_grains_of_a_departed_silo_move()
    {
        var before = new MembershipView(1, Silos);
        var after = new MembershipView(2, Silos.RemoveAt(2));
        foreach (var key in Keys(5_000))
        {
            var owner = Placement.OwnerOf(key, before);
            var next = Placement.OwnerOf(key, after);
            if (owner != Silos[2])
                Assert.Equal(owner, next);
            else
                Assert.NotEqual(Silos[2], next);
        }
    }

    [Fact]
    public void A_restarted_silo_is_placed_as_a_different_silo_and_the_order_of_the_view_does_not_matter()
    {
        var view = new MembershipView(1, Silos);
        var reversed = new MembershipView(1, [.. Silos.Reverse()]);
        var restarted = new MembershipView(2, Silos.SetItem(0, Silos[0] with { Generation = 101 }));
        var keys = Keys(2_000);

        Assert.All(keys, k => Assert.Equal(Placement.OwnerOf(k, view), Placement.OwnerOf(k, reversed)));
        Assert.NotEqual(
            keys.Where(k => Placement.OwnerOf(k, view) == Silos[0]),
            keys.Where(k => Placement.OwnerOf(k, restarted) == Silos[0] with { Generation = 101 }));
    }

    [Fact]
    public void No_silo_means_no_owner()
    {
        Assert.Null(Placement.OwnerOf(new GrainId("campaign", "x"), MembershipView.Empty));
    }
}
