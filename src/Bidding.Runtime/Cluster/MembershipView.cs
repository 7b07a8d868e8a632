using System.Collections.Immutable;

namespace Bidding.Runtime.Cluster;

/// <summary>The silos that own grains, as of one version of the membership table.</summary>
public sealed record MembershipView(long Version, ImmutableArray<SiloAddress> Active)
{
    public static MembershipView Empty { get; } = new(0, []);

    public bool Contains(SiloAddress silo) => Active.Contains(silo);

    public static MembershipView From(MembershipTableData table)
    {
        var active = ImmutableArray.CreateBuilder<SiloAddress>();
        foreach (var entry in table.Entries)
        {
            if (entry.Status == SiloStatus.Active)
                active.Add(entry.Silo);
        }
        return new MembershipView(table.Version, active.ToImmutable());
    }
}
