using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Bidding.Silo.Metrics;

/// <summary>
/// OpenTelemetry-style instrument names and units turned into Prometheus metric names (dots to underscores,
/// the unit as a base-unit suffix, <c>_total</c> on counters), and label names and values made safe.
/// </summary>
internal static class PrometheusNames
{
    /// <summary>The metric name of <paramref name="instrument"/>: <c>http.server.request.duration</c> in <c>s</c> is <c>http_server_request_duration_seconds</c>.</summary>
    /// <remarks>A gauge may not end in <c>_count</c> (the histogram suffix): <c>dotnet.timer.count</c> is <c>dotnet_timer_count_current</c>.</remarks>
    public static string Metric(Instrument instrument, string type)
    {
        var name = Sanitise(instrument.Name, metric: true);
        // A name that carries its own abbreviated unit (Orleans' "...-memory-MB") gets the base unit instead.
        if (instrument.Unit is { Length: > 0 } unit && UnitSuffix(unit) is { } replacement && Sanitise(unit, metric: true) is var raw && raw != replacement
            && name.EndsWith("_" + raw, StringComparison.OrdinalIgnoreCase))
            name = name[..^(raw.Length + 1)];
        if (UnitSuffix(instrument.Unit) is { } suffix && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
            name += "_" + suffix;
        if (type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
            name += "_total";
        if (type == "gauge" && (name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)))
            name += "_current";
        return name;
    }

    /// <summary>What a measurement in <paramref name="unit"/> is multiplied by to be in the unit its metric name says (seconds for ms and µs, bytes for KB and MB: Orleans counts memory in units of 1,024).</summary>
    public static double Scale(string? unit) => unit switch
    {
        "ms" => 1e-3,
        "us" or "µs" => 1e-6,
        "KB" or "KiB" => 1024,
        "MB" or "MiB" => 1024 * 1024,
        _ => 1,
    };

    /// <summary>A label name: letters, digits and underscores, not starting with a digit (<c>gc.heap.generation</c> is <c>gc_heap_generation</c>).</summary>
    public static string Label(string name) => Sanitise(name, metric: false);

    public static string LabelValue(object? value) => value switch
    {
        null => "",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A label value inside double quotes: backslash, double quote and line feed escaped.</summary>
    public static void AppendEscapedValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>HELP text: backslash and line feed escaped.</summary>
    public static string Help(string? description) =>
        (description ?? "").Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string? UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => null,
        "s" => "seconds",
        // Prometheus wants base units: durations in milliseconds or microseconds (Orleans' own) are exported in seconds (InstrumentState.Scale).
        "ms" or "us" or "µs" => "seconds",
        "MB" or "MiB" or "KB" or "KiB" => "bytes",
        "By" => "bytes",
        _ when unit.StartsWith('{') => null, // an annotation such as {request}: a count, no unit
        _ => Sanitise(unit, metric: true),
    };

    private static string Sanitise(string name, bool metric)
    {
        var valid = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (var c in name)
            valid &= char.IsAsciiLetterOrDigit(c) || c == '_' || (metric && c == ':');
        if (valid)
            return name;
        var text = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            text.Append('_');
        foreach (var c in name)
            text.Append(char.IsAsciiLetterOrDigit(c) || (metric && c == ':') ? c : '_');
        return text.ToString();
    }
}
