using System.Collections.Concurrent;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>
/// What the recorder grains saw, per stream, shared by every silo of the test process (and surviving
/// them). A consumer that dedupes by token: an event applies only if its (position, index) is after
/// the last applied one, which is how the engine's grains skip redeliveries. Stream keys are unique
/// per test, so tests running side by side do not meet here.
/// </summary>
internal static class Ledger
{
    private static readonly ConcurrentDictionary<string, StreamLedger> Streams = new(StringComparer.Ordinal);

    public static StreamLedger For(string stream) => Streams.GetOrAdd(stream, _ => new StreamLedger());
}
