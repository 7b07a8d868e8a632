using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Bidding.Silo.Hosting;
using Bidding.Silo.Tests.Fixtures;
using Bidding.Testing;
using Microsoft.AspNetCore.Builder;

namespace Bidding.Silo.Tests.Metrics;

/// <summary>
/// A silo on real sockets with <c>Metrics:Port</c> set: the metrics port, load shedding above the concurrency limit,
/// and a real Prometheus (the Debian package) scraping it and answering a query for one of its metrics.
/// </summary>
public sealed class PrometheusScrapeTests : IClassFixture<PrometheusScrapeTests.RealSilo>
{
    private readonly RealSilo _silo;

    public PrometheusScrapeTests(RealSilo silo) => _silo = silo;

    public sealed class RealSilo : IAsyncLifetime
    {
        private WebApplication? _app;

        public int Port { get; } = Ports.Free();

        public int MetricsPort { get; } = Ports.Free();

        public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

        public async Task InitializeAsync()
        {
            _app = SiloApplication.Create(
            [
                "--urls", $"http://127.0.0.1:{Port}", "--Silo:Storage=Memory", "--Engine:SeedDemoData=true", $"--Metrics:Port={MetricsPort}",
                "--Silo:MaxConcurrentBids=1", "--Silo:MaxQueueDelayMs=0", "--Silo:AdminApiKey=scrape-test-admin", "--Logging:LogLevel:Default=Warning",
                "--Tracking:Keys:0:Id=k1", "--Tracking:Keys:0:Secret=scrape-test-secret-0123456789abcdef",
            ]);
            await _app.StartAsync();
            // Ready when the demo campaigns bid.
            var clock = Stopwatch.StartNew();
            while ((await Bid(Requests.Banner300x250, "warmup")).StatusCode != HttpStatusCode.OK)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException("the silo did not bid on the demo campaigns within 30 s");
                await Task.Delay(50);
            }
        }

        public async Task<HttpResponseMessage> Bid(string json, string exchange, HttpContent? content = null) =>
            await Client.PostAsync($"http://127.0.0.1:{Port}/openrtb2/bid/{exchange}", content ?? new StringContent(json, Encoding.UTF8, "application/json"));

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Metrics_are_served_on_their_own_port_only()
    {
        using var own = await _silo.Client.GetAsync($"http://127.0.0.1:{_silo.MetricsPort}/metrics");
        using var main = await _silo.Client.GetAsync($"http://127.0.0.1:{_silo.Port}/metrics");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("# TYPE bidding_bid_requests_total counter", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, main.StatusCode);
    }

    [Fact]
    public async Task Above_the_concurrency_limit_requests_are_shed_at_once_and_the_held_one_still_bids()
    {
        // The first request's body arrives slowly, so it holds the one place (Silo:MaxConcurrentBids=1) while the second comes in.
        // Without a tmax: the body is held for as long as the test takes, which must not make it late.
        var body = new HeldContent(Encoding.UTF8.GetBytes(Requests.Banner300x250.Replace("\"tmax\":120,", "", StringComparison.Ordinal)));
        var held = _silo.Bid("", "exch-held", body);
        await body.Started.WaitAsync(TimeSpan.FromSeconds(10));
        var entered = await ScrapeUntilAsync(t => MetricsEndpointTests.Value(t, "bidding_bid_requests_in_flight", "") == 1);
        Assert.True(MetricsEndpointTests.Value(entered, "bidding_bid_requests_in_flight", "") == 1, "the held request never entered the handler");

        var shedClock = Stopwatch.StartNew();
        using var shed = await _silo.Bid(Requests.Banner300x250, "exch-held");
        shedClock.Stop();
        body.Release();
        using var answered = await held.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.NoContent, shed.StatusCode);
        Assert.Equal("concurrency", shed.Headers.GetValues("X-Bidding-Shed").Single());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var text = await ScrapeUntilAsync(t => MetricsEndpointTests.Total(t, "bidding_bid_requests_total", "exchange=\"exch-held\"") == 2);
        Assert.Equal(1, MetricsEndpointTests.Value(text, "bidding_no_bids_total", "exchange=\"exch-held\",reason=\"concurrency\""));
        Assert.Equal(1, MetricsEndpointTests.Value(text, "bidding_bid_requests_total", "exchange=\"exch-held\",outcome=\"shed\""));
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_silo_and_answers_a_query_for_its_metrics()
    {
        Assert.Equal(HttpStatusCode.OK, (await _silo.Bid(Requests.Banner300x250, "prom")).StatusCode);
        var dir = Directory.CreateTempSubdirectory("bidding-prometheus-");
        var webPort = Ports.Free();
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: bidding
                static_configs:
                  - targets: ["127.0.0.1:{_silo.MetricsPort}"]
            """);
        var start = new ProcessStartInfo(Promtool.Locate("prometheus"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir.FullName, "data")}", $"--web.listen-address=127.0.0.1:{webPort}" },
        };
        using var prometheus = Process.Start(start)!;
        var log = new StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            var query = Uri.EscapeDataString("bidding_bid_requests_total{job=\"bidding\",exchange=\"prom\",outcome=\"bid\"}");
            var clock = Stopwatch.StartNew();
            double? value = null;
            while (value is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !prometheus.HasExited)
            {
                await Task.Delay(250);
                try
                {
                    using var document = JsonDocument.Parse(await _silo.Client.GetStringAsync($"http://127.0.0.1:{webPort}/api/v1/query?query={query}"));
                    var result = document.RootElement.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0)
                        value = double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
            }
            string output;
            lock (log)
                output = log.ToString();
            Assert.True(value is not null, $"Prometheus never returned the metric within 60 s (exited: {prometheus.HasExited}); its log:\n{output}");
            Assert.True(value >= 1, $"bidding_bid_requests_total for exchange prom was {value}");
        }
        finally
        {
            if (!prometheus.HasExited)
                prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            dir.Delete(recursive: true);
        }
    }

    private Task<string> ScrapeUntilAsync(Func<string, bool> condition) =>
        MetricsEndpointTests.ScrapeUntilAsync(() => _silo.Client.GetStringAsync($"http://127.0.0.1:{_silo.MetricsPort}/metrics"), condition);

    /// <summary>A body that sends its first byte, then waits for <see cref="Release"/> before the rest.</summary>
    private sealed class HeldContent(byte[] body) : HttpContent
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, 1));
            await stream.FlushAsync();
            _started.TrySetResult();
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await stream.WriteAsync(body.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
