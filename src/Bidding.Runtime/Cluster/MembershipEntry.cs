namespace Bidding.Runtime.Cluster;

/// <summary>One silo's row in the membership table.</summary>
public sealed record MembershipEntry(SiloAddress Silo, SiloStatus Status, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);

/// <summary>The whole table as read at one moment: its version, its rows and the table's own clock.</summary>
/// <param name="Now">The time by the table's clock, so staleness is judged without trusting silo clocks.</param>
public sealed record MembershipTableData(long Version, IReadOnlyList<MembershipEntry> Entries, DateTimeOffset Now);
