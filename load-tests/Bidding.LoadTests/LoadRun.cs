using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Bidding.LoadTests;

/// <summary>What one open-loop run measured.</summary>
internal sealed record LoadResult(double OfferedRate, double AchievedRate, double BidRate, long Sent, long Completed, long Errors, long Dropped,
    IReadOnlyDictionary<int, long> Statuses, long P50, long P90, long P99, long P999, long Max, double Seconds)
{
    /// <summary>Answered 204 by the silo's load shedding (the <c>X-Bidding-Shed</c> header).</summary>
    public long Shed { get; init; }

    /// <summary>p99 and max of the requests the silo did not shed (bids and considered no-bids).</summary>
    public long AnsweredP99 { get; init; }

    public long AnsweredMax { get; init; }

    public string Summary() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"offered {OfferedRate:F0}/s, achieved {AchievedRate:F0}/s, bids {BidRate:P1}, latency µs p50 {P50} p90 {P90} p99 {P99} p99.9 {P999} max {Max}; "
        + $"statuses {string.Join(" ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"))}, errors {Errors}, dropped {Dropped}")
        + (Shed > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; shed {Shed} ({(double)Shed / Math.Max(1, Completed):P1}), not shed: p99 {AnsweredP99} max {AnsweredMax} µs") : "");
}

/// <summary>
/// Open-loop load: request i is due at start + i/rate whatever happened to the ones before, and its latency
/// is measured from that due time, so a stalled server shows up as latency rather than as fewer requests
/// (no coordinated omission). Requests whose sending would exceed <c>maxInFlight</c> are counted as dropped.
/// With a <c>timeline</c>, each slot holds the worst latency of the requests due in its <see cref="TimelineSlot"/>,
/// to see when stalls happen. Requests are sent from a thread of their own, which sleeps on a 1-ms timer and then sends
/// every request already due: the timer's lateness (about a millisecond) counts as latency, and the generator leaves
/// the CPU to the server. With <c>spin</c> it yields in a loop until each due time instead: sub-millisecond latencies
/// are then exact, but on a small machine the spinning thread takes a core from the server it measures.
/// </summary>
internal static class LoadRun
{
    public static readonly TimeSpan TimelineSlot = TimeSpan.FromMilliseconds(100);

    public static async Task<LoadResult> RunAsync(HttpClient client, Uri target, RequestCorpus corpus, double rate, TimeSpan duration, bool http2,
        int maxInFlight = 20_000, long[]? timeline = null, bool spin = false)
    {
        var histogram = new LatencyHistogram();
        var answered = new LatencyHistogram();
        long shed = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        long completed = 0, errors = 0, dropped = 0, inFlight = 0, bids = 0;
        var total = (long)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        await Task.Factory.StartNew(Schedule, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var sendingTook = clock.Elapsed;
        await Task.WhenAll(pending);
        var seconds = Math.Max(duration.TotalSeconds, sendingTook.TotalSeconds);
        return new LoadResult(rate, completed / seconds, completed == 0 ? 0 : bids / (double)completed, total - dropped, completed, errors, dropped,
            new Dictionary<int, long>(statuses), histogram.Percentile(50), histogram.Percentile(90), histogram.Percentile(99), histogram.Percentile(99.9), histogram.MaxMicros, seconds)
        {
            Shed = shed, AnsweredP99 = answered.Percentile(99), AnsweredMax = answered.MaxMicros,
        };

        void Schedule()
        {
            for (long i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds(i / rate);
                if (spin)
                {
                    // Timers overshoot by a millisecond or more: sleep until shortly before the due time, then yield until it.
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.FromMilliseconds(3))
                        Thread.Sleep(wait - TimeSpan.FromMilliseconds(2));
                    while (clock.Elapsed < due)
                        Thread.Yield();
                }
                else
                {
                    while (clock.Elapsed < due)
                        Thread.Sleep(1);
                }
                if (Interlocked.Read(ref inFlight) >= maxInFlight)
                {
                    dropped++;
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                var dueTicks = due.Ticks;
                pending.Add(SendAsync());

                async Task SendAsync()
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(corpus.Next()) };
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        if (http2)
                        {
                            request.Version = HttpVersion.Version20;
                            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
                        }
                        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                        var micros = (clock.Elapsed.Ticks - dueTicks) / (TimeSpan.TicksPerMillisecond / 1000);
                        histogram.Record(micros);
                        if (response.Headers.Contains("X-Bidding-Shed"))
                            Interlocked.Increment(ref shed);
                        else
                            answered.Record(micros);
                        if (timeline is not null && dueTicks / TimelineSlot.Ticks is var slot && slot < timeline.Length)
                        {
                            for (var seen = Interlocked.Read(ref timeline[slot]); micros > seen; seen = Interlocked.Read(ref timeline[slot]))
                            {
                                if (Interlocked.CompareExchange(ref timeline[slot], micros, seen) == seen)
                                    break;
                            }
                        }
                        statuses.AddOrUpdate((int)response.StatusCode, 1, static (_, c) => c + 1);
                        if (response.StatusCode == HttpStatusCode.OK)
                            Interlocked.Increment(ref bids);
                        Interlocked.Increment(ref completed);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }
                if (pending.Count >= 4096)
                    pending.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    public static HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        EnableMultipleHttp2Connections = true,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(30) };
}
