namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// The cluster test classes run one after the other: two clusters of engine silos at once on two cores only slow
/// each other down, and each class's cluster is gone before the next one starts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "engine clusters";
}
