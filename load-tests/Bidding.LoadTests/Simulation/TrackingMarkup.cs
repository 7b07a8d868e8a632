using System.Net;
using System.Text.RegularExpressions;

namespace Bidding.LoadTests.Simulation;

/// <summary>What a browser finds in a bid's markup: the impression pixel and the click URL, with HTML entities decoded.</summary>
internal static partial class TrackingMarkup
{
    public static string? Impression(string markup) => Find(ImpressionUrl(), markup);

    public static string? Click(string markup) => Find(ClickUrl(), markup);

    private static string? Find(Regex pattern, string markup) =>
        pattern.Match(markup) is { Success: true } match ? WebUtility.HtmlDecode(match.Value) : null;

    [GeneratedRegex("""https?://[^"'<> ]+/t/imp\?[^"'<> ]+""")]
    private static partial Regex ImpressionUrl();

    [GeneratedRegex("""https?://[^"'<> ]+/t/click\?[^"'<> ]+""")]
    private static partial Regex ClickUrl();
}
