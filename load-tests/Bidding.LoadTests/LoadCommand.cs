using System.Globalization;
using System.Text.Json;

namespace Bidding.LoadTests;

/// <summary><c>load</c>: open-loop load on a bid endpoint, replaying a directory of OpenRTB requests with fresh ids.</summary>
internal static class LoadCommand
{
    public const string Help = """
        Open-loop load on a bid endpoint: requests on schedule, latency from the scheduled time (no coordinated omission).

          --url <url>            default http://127.0.0.1:5080/openrtb2/bid
          --rate <n>             requests a second; default 1000
          --duration <s>         seconds measured; default 10
          --warmup <s>           seconds at the same rate before measuring; default 2
          --requests <path>      a directory of OpenRTB request JSON files (or one file);
                                 default <shared>/openrtb/prebid-server/bid-requests
          --connections <n>      HTTP/1.1 keep-alive connections (HTTP/2: connections used); default 64
          --http2                HTTP/2 (cleartext, prior knowledge)
          --json <path>          also write the results as JSON
          --timeline <path>      also write the worst latency of each 100 ms (by due time) as CSV, and print the worst ten
          --spin                 send each request at its due time to the microsecond by yielding in a loop (takes a core);
                                 by default the sender sleeps on a 1-ms timer, whose lateness counts as latency
        Prints achieved rate, bid rate, status counts and latency p50/p90/p99/p99.9/max in microseconds.
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var url = new Uri(options.String("url") ?? "http://127.0.0.1:5080/openrtb2/bid");
        var corpus = RequestCorpus.Load(options.String("requests") ?? Path.Combine(SharedData.Root, "openrtb", "prebid-server", "bid-requests"));
        var rate = options.Double("rate", 1000);
        var http2 = options.Flag("http2");
        using var client = LoadRun.CreateClient(options.Int("connections", 64));
        if (options.Double("warmup", 2) is > 0 and var warmup)
            await LoadRun.RunAsync(client, url, corpus, rate, TimeSpan.FromSeconds(warmup), http2, spin: options.Flag("spin"));
        var duration = TimeSpan.FromSeconds(options.Double("duration", 10));
        var timeline = options.String("timeline") is null ? null : new long[(int)Math.Ceiling(duration / LoadRun.TimelineSlot)];
        var started = DateTimeOffset.UtcNow;
        var result = await LoadRun.RunAsync(client, url, corpus, rate, duration, http2, timeline: timeline, spin: options.Flag("spin"));
        Console.WriteLine($"{corpus.Count} request templates, {(http2 ? "HTTP/2" : "HTTP/1.1")}, {url}");
        Console.WriteLine(result.Summary());
        if (timeline is not null)
        {
            var slot = LoadRun.TimelineSlot;
            await File.WriteAllLinesAsync(options.String("timeline")!,
                ["utc,seconds,max_us", .. timeline.Select((max, i) => string.Create(CultureInfo.InvariantCulture, $"{started + slot * i:HH:mm:ss.f},{(slot * i).TotalSeconds:F1},{max}"))]);
            Console.WriteLine("worst 100 ms slots: " + string.Join(", ", timeline.Select((max, i) => (max, i)).OrderByDescending(x => x.max).Take(10)
                .OrderBy(x => x.i).Select(x => string.Create(CultureInfo.InvariantCulture, $"{(slot * x.i).TotalSeconds:F1}s {x.max / 1000.0:F0}ms"))));
        }
        if (options.String("json") is { } json)
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        return result.Errors > 0 && result.Completed == 0 ? 1 : 0;
    }
}
