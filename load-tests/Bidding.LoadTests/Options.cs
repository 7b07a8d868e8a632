using System.Globalization;

namespace Bidding.LoadTests;

/// <summary>A verb's options: <c>--name value</c> pairs and <c>--help</c>.</summary>
internal sealed class OptionException(string message) : Exception(message);

internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public bool Help { get; private init; }

    public static Options Parse(string[] args)
    {
        var options = new Options { Help = args.Contains("--help") || args.Contains("-h") };
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
                continue;
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new OptionException($"unexpected '{args[i]}' (options are --name value)");
            options._values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        return options;
    }

    public string? String(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => String(name) ?? throw new OptionException($"--{name} is required");

    public int Int(string name, int fallback) => Number(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public long Long(string name, long fallback) => Number(name, fallback, s => long.Parse(s, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback) => Number(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v != "false";

    private T Number<T>(string name, T fallback, Func<string, T> parse)
    {
        if (!_values.TryGetValue(name, out var text))
            return fallback;
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new OptionException($"--{name} must be a number, not '{text}'");
        }
    }
}
