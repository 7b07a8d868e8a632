namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// Test clusters run one at a time: several at once on a two-core machine would starve the one-second
/// membership probes and get healthy silos voted dead.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection
{
    public const string Name = "Postgres test clusters";
}
