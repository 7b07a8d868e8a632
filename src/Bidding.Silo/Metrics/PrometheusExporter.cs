using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Metrics;

/// <summary>
/// Listens to every instrument of the configured meters (<see cref="MetricsOptions.Meters"/>: ours, the .NET
/// runtime's, ASP.NET Core's) and writes them in the Prometheus text exposition format, version 0.0.4:
/// counters and gauges, histograms as cumulative <c>_bucket</c> lines with <c>_sum</c> and <c>_count</c>.
/// Observable instruments are collected at each scrape.
/// </summary>
internal sealed partial class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _states = new();
    private readonly string[] _meters;
    private readonly Lock _collecting = new();
    private readonly ILogger<PrometheusExporter> _logger;

    /// <param name="scope">
    /// The host's meter factory: of meters made through a factory, only this one's are exported, so that several silos
    /// in one process (the test cluster) each report their own; meters made without one (the runtime's) are process-wide.
    /// </param>
    public PrometheusExporter(IOptions<MetricsOptions> options, ILogger<PrometheusExporter> logger, IMeterFactory? scope = null)
    {
        _meters = [.. options.Value.Meters];
        _logger = logger;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!Selected(instrument.Meter.Name) || (instrument.Meter.Scope is { } owner && scope is not null && !ReferenceEquals(owner, scope)))
                return;
            var state = _states.GetOrAdd(instrument, static i => new InstrumentState(i));
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _states.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Collects the observable instruments and writes every metric family, sorted by name.</summary>
    public string Scrape()
    {
        List<InstrumentState> states;
        lock (_collecting)
        {
            states = [.. _states.Values];
            foreach (var state in states)
                state.BeginCollection();
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception e)
            {
                // One failing callback must not take the whole scrape down; what it reported before failing stays out.
                LogCallbackFailed(_logger, e);
            }
        }

        var text = new StringBuilder(16 * 1024);
        long dropped = 0;
        foreach (var family in states.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            var members = family.Where(s => s.Type == first.Type).ToList();
            var body = new StringBuilder();
            foreach (var state in members)
            {
                dropped += state.Dropped;
                foreach (var series in state.Series)
                {
                    if (state.Instrument.IsObservable && !series.Observed)
                        continue;
                    WriteSeries(body, state, series);
                }
            }
            // Families without samples yet are still announced (HELP and TYPE), so dashboards and rules can be checked against them.
            var help = members.Select(s => s.Instrument.Description).FirstOrDefault(d => !string.IsNullOrEmpty(d)) ?? first.Instrument.Name;
            text.Append("# HELP ").Append(first.Name).Append(' ').Append(PrometheusNames.Help(help)).Append('\n');
            text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type).Append('\n');
            text.Append(body);
        }
        text.Append("# HELP bidding_metrics_series_dropped_total Measurements dropped because their instrument already had the most label sets allowed.\n");
        text.Append("# TYPE bidding_metrics_series_dropped_total counter\n");
        text.Append("bidding_metrics_series_dropped_total ").Append(dropped).Append('\n');
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private bool Selected(string meter)
    {
        foreach (var prefix in _meters)
        {
            if (meter.Equals(prefix, StringComparison.Ordinal) || (meter.StartsWith(prefix, StringComparison.Ordinal) && meter.Length > prefix.Length && meter[prefix.Length] == '.'))
                return true;
        }
        return false;
    }

    private static void WriteSeries(StringBuilder text, InstrumentState state, MetricSeries series)
    {
        if (state.Aggregation != Aggregation.Histogram)
        {
            WriteLine(text, state.Name, series.Labels, null, PrometheusNames.Number(series.Value));
            return;
        }
        var cumulative = series.Cumulative();
        for (var i = 0; i < state.Bounds.Length; i++)
            WriteLine(text, state.Name + "_bucket", series.Labels, PrometheusNames.Number(state.Bounds[i]), cumulative[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        var count = cumulative[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        WriteLine(text, state.Name + "_bucket", series.Labels, "+Inf", count);
        WriteLine(text, state.Name + "_sum", series.Labels, null, PrometheusNames.Number(series.Value));
        WriteLine(text, state.Name + "_count", series.Labels, null, count);
    }

    private static void WriteLine(StringBuilder text, string name, KeyValuePair<string, string>[] labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{');
            var separator = "";
            foreach (var (key, labelValue) in labels)
            {
                if (key == "le")
                    continue; // reserved for buckets
                text.Append(separator).Append(key).Append("=\"");
                PrometheusNames.AppendEscapedValue(text, labelValue);
                text.Append('"');
                separator = ",";
            }
            if (le is not null)
                text.Append(separator).Append("le=\"").Append(le).Append('"');
            text.Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    [LoggerMessage(4101, LogLevel.Warning, "A metrics callback failed during a scrape")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);
}
