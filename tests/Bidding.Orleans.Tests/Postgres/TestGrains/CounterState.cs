namespace Bidding.Orleans.Tests.Postgres.TestGrains;

[GenerateSerializer, Alias("Bidding.Orleans.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}
