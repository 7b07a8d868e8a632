namespace Bidding.Orleans.Tests.Streams;

/// <summary>Test classes that start clusters run one at a time: two clusters at once on two cores only slow each other down.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "event-log stream clusters";
}
