using Bidding.Testing;
using System.Diagnostics;
using System.Globalization;
using Bidding.OpenRtb.Json;

namespace Bidding.LoadTests;

/// <summary><c>bid-cost</c>: the bid path alone, in this process, over the request corpus with the ceiling's campaigns: time per request.</summary>
internal static class BidPathProfile
{
    public const string Help = """
        Times the engine's bid path (no HTTP) over the request corpus with the ceiling's campaigns.

          --campaigns <n>     default 1000
          --rounds <n>        passes over the corpus; default 20
          --model             also put the ceiling's pCTR model in place
        """;

    /// <remarks>
    /// The whole run keeps to one thread (as the simulator does): between rounds the lease renewals complete on other
    /// threads, and resuming the timed loop on a different thread each round would time cold thread-local state.
    /// </remarks>
    public static Task<int> RunAsync(Options options) =>
        Task.Factory.StartNew(() => Simulation.SingleThreadContext.Run(() => RunOnOneThreadAsync(options)), TaskCreationOptions.LongRunning);

    private static async Task<int> RunOnOneThreadAsync(Options options)
    {
        var clock = new FakeTime(DateTimeOffset.UtcNow);
        await using var engine = new InProcessEngine(clock, new Dictionary<string, string?> { ["Learning:Seed"] = "1" });
        await CeilingCommand.SeedAsync(engine.Grains, options.Int("campaigns", 1000));
        if (options.Flag("model"))
        {
            await CeilingCommand.UploadModelAsync(engine.Grains);
            await engine.RefreshModelsAsync();
        }
        engine.RebuildSnapshot();
        await engine.RefreshAsync();
        var files = Directory.GetFiles(Path.Combine(SharedData.Root, "openrtb", "prebid-server", "bid-requests"), "*.json");
        var requests = new List<Bidding.OpenRtb.Request.BidRequest>();
        foreach (var file in files)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file));
            var body = node?["mockBidRequest"] ?? node;
            if (body is null)
                continue;
            var result = OpenRtbSerializer.ReadRequest(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
            if (result.Request is { } r && result.Error is null)
                requests.Add(r);
        }
        var rounds = options.Int("rounds", 20);
        long bids = 0;
        for (var warm = 0; warm < 2; warm++)
        {
            foreach (var r in requests)
                engine.Bid(r);
        }
        var cpu = ThreadCpu.Now();
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var r in requests)
            {
                if (engine.Bid(r) is not null)
                    bids++;
            }
            watch.Stop(); // lease renewals between rounds are not the bid path
            cpu = ThreadCpu.Now() - cpu;
            await engine.RefreshAsync(learning: false);
            cpu = ThreadCpu.Now() - cpu;
            watch.Start();
        }
        cpu = ThreadCpu.Now() - cpu;
        var perRequest = watch.Elapsed.TotalMicroseconds / (rounds * requests.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"thread CPU: {cpu.TotalMicroseconds / (rounds * requests.Count):F1} µs per request (the bid thread's own CPU time: not counting time others took the core)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{requests.Count} valid requests × {rounds}: {perRequest:F1} µs per request on the bid path, {bids / (double)(rounds * requests.Count):P1} bid"));
        return 0;
    }
}

/// <summary>The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unaffected by other processes taking the core.</summary>
internal static partial class ThreadCpu
{
    private const int ThreadCpuTimeClock = 3;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static TimeSpan Now() =>
        ClockGetTime(ThreadCpuTimeClock, out var t) == 0 ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : TimeSpan.Zero;
}
