namespace Bidding.Orleans.Tests.Storage.TestGrains;

[Alias("Bidding.Orleans.Tests.Storage.TestGrains.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and writes the state at once.</summary>
    [Alias("Increment")]
    Task<long> IncrementAsync();

    /// <summary>Adds <paramref name="amount"/> in memory only; the grain writes it when it deactivates.</summary>
    [Alias("AddOnDeactivation")]
    Task AddOnDeactivationAsync(long amount);

    [Alias("Get")]
    Task<long> GetAsync();
}

[GenerateSerializer, Alias("Bidding.Orleans.Tests.Storage.TestGrains.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public long Count { get; set; }
}
