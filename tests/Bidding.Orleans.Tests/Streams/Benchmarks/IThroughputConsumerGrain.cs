namespace Bidding.Orleans.Tests.Streams.Benchmarks;

internal interface IThroughputConsumerGrain : IGrainWithStringKey;
