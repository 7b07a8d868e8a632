namespace Bidding.Orleans.Tests.Streams;

/// <summary>The event the tests produce: which stream it was sent on and its place in that stream (1, 2, ...).</summary>
[GenerateSerializer, Alias("bidding.tests.ledger-event")]
internal sealed record LedgerEvent([property: Id(0)] string Stream, [property: Id(1)] int Sequence);
