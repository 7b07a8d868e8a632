namespace Bidding.Orleans.Tests.Streams.Benchmarks;

/// <summary>A tracking-sized event for the throughput run.</summary>
[GenerateSerializer, Alias("bidding.tests.bench-event")]
internal sealed record BenchEvent([property: Id(0)] int Sequence, [property: Id(1)] long PriceMicros, [property: Id(2)] string ImpressionId);
