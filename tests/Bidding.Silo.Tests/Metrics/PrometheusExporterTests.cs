using System.Diagnostics.Metrics;
using Bidding.Silo.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Tests.Metrics;

public sealed class PrometheusExporterTests : IDisposable
{
    // A meter name of this test's own, so that instruments of tests running alongside stay out of its scrapes.
    private readonly string _meterName = "Bidding.ExporterTest." + Guid.NewGuid().ToString("N");
    private readonly Meter _meter;
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests()
    {
        _meter = new Meter(_meterName);
        _exporter = new PrometheusExporter(Options.Create(new MetricsOptions { Meters = [_meterName] }), NullLogger<PrometheusExporter>.Instance);
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counters_get_total_labels_sorted_by_name_and_values_escaped()
    {
        var counter = _meter.CreateCounter<long>("test.requests", "{request}", "Requests.");
        counter.Add(2, new("outcome", "bid"), new("exchange", "a"));
        counter.Add(1, new("exchange", "a"), new("outcome", "bid"));
        counter.Add(5, new("exchange", "quote\" back\\slash\nline"), new("outcome", "bid"));

        var text = _exporter.Scrape();

        Assert.Contains("# HELP test_requests_total Requests.\n# TYPE test_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("test_requests_total{exchange=\"a\",outcome=\"bid\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("test_requests_total{exchange=\"quote\\\" back\\\\slash\\nline\",outcome=\"bid\"} 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_ending_in_the_count_and_a_sum()
    {
        var histogram = _meter.CreateHistogram("test.latency", "s", "Latency.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1] });
        foreach (var value in new[] { 0.0005, 0.001, 0.005, 0.05, 3.0 })
            histogram.Record(value);

        var text = _exporter.Scrape();

        Assert.Contains("# TYPE test_latency_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"0.001\"} 2\n", text, StringComparison.Ordinal); // bounds are inclusive
        Assert.Contains("test_latency_seconds_bucket{le=\"0.01\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"0.1\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"+Inf\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_count 5\n", text, StringComparison.Ordinal);
        var sum = text.Split('\n').Single(l => l.StartsWith("test_latency_seconds_sum ", StringComparison.Ordinal));
        Assert.Equal(3.0565, double.Parse(sum.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public void Observable_series_not_reported_again_leave_the_scrape()
    {
        var campaigns = new List<string> { "c1", "c2" };
        _meter.CreateObservableGauge("test.multiplier", () => campaigns.Select(c => new Measurement<double>(0.5, new KeyValuePair<string, object?>("campaign", c))));

        Assert.Contains("test_multiplier{campaign=\"c2\"} 0.5\n", _exporter.Scrape(), StringComparison.Ordinal);
        campaigns.Remove("c2");
        var text = _exporter.Scrape();

        Assert.Contains("test_multiplier{campaign=\"c1\"} 0.5\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("campaign=\"c2\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_follow_prometheus_conventions()
    {
        _meter.CreateObservableGauge("test.timer.count", () => 3);
        _meter.CreateObservableGauge("test.heap-size", () => 10L, "By");
        _meter.CreateObservableCounter("test.cpu.time", () => 1.5, "s");
        _meter.CreateObservableUpDownCounter("test.queue.length", () => 4, "{item}");
        _meter.CreateObservableGauge("test.tagged", () => new Measurement<int>(1, new KeyValuePair<string, object?>("gc.heap.generation", "gen0")));

        var text = _exporter.Scrape();

        Assert.Contains("# TYPE test_timer_count_current gauge\ntest_timer_count_current 3\n", text, StringComparison.Ordinal); // _count is the histograms' suffix
        Assert.Contains("# TYPE test_heap_size_bytes gauge\ntest_heap_size_bytes 10\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_cpu_time_seconds_total counter\ntest_cpu_time_seconds_total 1.5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_queue_length gauge\ntest_queue_length 4\n", text, StringComparison.Ordinal);
        Assert.Contains("test_tagged{gc_heap_generation=\"gen0\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_sets_beyond_the_limit_are_dropped_and_counted()
    {
        var counter = _meter.CreateCounter<long>("test.unbounded");
        for (var i = 0; i < InstrumentState.MaxSeries + 5; i++)
            counter.Add(1, new KeyValuePair<string, object?>("id", i));

        var text = _exporter.Scrape();

        Assert.Equal(InstrumentState.MaxSeries, text.Split('\n').Count(l => l.StartsWith("test_unbounded_total{", StringComparison.Ordinal)));
        Assert.Contains("bidding_metrics_series_dropped_total 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_not_selected_are_left_out()
    {
        using var other = new Meter("Other.Library." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("other.requests").Add(1);
        _meter.CreateCounter<long>("test.mine").Add(1);

        var text = _exporter.Scrape();

        Assert.Contains("test_mine_total 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_requests", text, StringComparison.Ordinal);
    }
}
