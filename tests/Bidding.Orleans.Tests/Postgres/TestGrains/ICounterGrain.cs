namespace Bidding.Orleans.Tests.Postgres.TestGrains;

/// <summary>A string-keyed grain with one persistent state ("counter" in storage "bidding").</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>Where this activation runs and which activation it is.</summary>
    Task<CounterActivation> GetActivationAsync();

    Task DeactivateAsync();
}

[GenerateSerializer, Alias("Bidding.Orleans.Tests.CounterActivation")]
public sealed record CounterActivation([property: Id(0)] string Silo, [property: Id(1)] Guid Activation);
