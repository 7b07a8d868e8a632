namespace Bidding.Orleans.Tests.Streams.Benchmarks;

/// <summary>
/// Measurements that are not tests, run from the test project so they share its grains and helpers:
/// <c>dotnet run -c Release --project tests/Bidding.Orleans.Tests -- stream-throughput [sqlite|postgres|memory] [events] [producers] [batch]</c>.
/// The test runner does not use this entry point.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["stream-throughput", .. var rest])
            return await ThroughputBenchmark.RunAsync(rest);
        await Console.Error.WriteLineAsync("usage: stream-throughput [sqlite|postgres|memory] [events] [producers] [batch]");
        return 2;
    }
}
