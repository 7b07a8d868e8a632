using System.Text;
using System.Text.Json.Nodes;
using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Tracking;

/// <summary>
/// A creative's markup prepared once, when the snapshot is built, with slots for the bid's
/// impression pixel and click URL, so a bid only concatenates strings:
/// banners get a 1×1 pixel appended; VAST gets an <c>&lt;Impression&gt;</c>; native gets an
/// impression event tracker and its link routed through the click URL. In any format the macro
/// <c>${CLICK_URL}</c> becomes the tracked click URL, which redirects to the creative's
/// <see cref="Creative.ClickUrl"/>.
/// </summary>
public sealed class MarkupTemplate
{
    public const string ClickMacro = "${CLICK_URL}";
    // Plain ASCII, so they survive JSON and XML serialization unchanged.
    private const string ImpSlot = "__BIDDING_IMPRESSION_SLOT_5c1d__";
    private const string ClickSlot = "__BIDDING_CLICK_SLOT_5c1d__";

    private readonly string[] _literals;
    private readonly bool[] _slotIsClick;

    private MarkupTemplate(string prepared)
    {
        var literals = new List<string>();
        var slots = new List<bool>();
        var at = 0;
        while (true)
        {
            var imp = prepared.IndexOf(ImpSlot, at, StringComparison.Ordinal);
            var click = prepared.IndexOf(ClickSlot, at, StringComparison.Ordinal);
            if (imp < 0 && click < 0)
                break;
            var isClick = imp < 0 || (click >= 0 && click < imp);
            var next = isClick ? click : imp;
            literals.Add(prepared[at..next]);
            slots.Add(isClick);
            at = next + (isClick ? ClickSlot.Length : ImpSlot.Length);
        }
        literals.Add(prepared[at..]);
        _literals = [.. literals];
        _slotIsClick = [.. slots];
    }

    /// <summary>True when the markup carries our click URL (clicks can be counted).</summary>
    public bool TracksClicks => Array.IndexOf(_slotIsClick, true) >= 0;

    public static MarkupTemplate For(Creative creative)
    {
        var markup = creative.Markup.Replace(ClickMacro, ClickSlot, StringComparison.Ordinal);
        var prepared = creative.Format switch
        {
            CreativeFormat.Banner => markup + $"<img src=\"{ImpSlot}\" width=\"1\" height=\"1\" style=\"display:none\" alt=\"\">",
            CreativeFormat.Video or CreativeFormat.Audio => WithVastImpression(markup),
            CreativeFormat.Native => WithNativeTrackers(markup),
            _ => markup,
        };
        return new MarkupTemplate(prepared);
    }

    /// <summary>The landing URL of a native response (<c>link.url</c>), or null.</summary>
    public static string? NativeLink(string json)
    {
        try
        {
            var root = JsonNode.Parse(json);
            var native = (root?["native"] as JsonObject) ?? root as JsonObject;
            return native?["link"]?["url"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public string Render(string impressionUrl, string clickUrl)
    {
        if (_slotIsClick.Length == 0)
            return _literals[0];
        var builder = new StringBuilder(_literals.Sum(l => l.Length) + _slotIsClick.Length * (clickUrl.Length + 8));
        for (var i = 0; i < _slotIsClick.Length; i++)
        {
            builder.Append(_literals[i]);
            builder.Append(_slotIsClick[i] ? clickUrl : impressionUrl);
        }
        return builder.Append(_literals[^1]).ToString();
    }

    /// <summary>Our <c>&lt;Impression&gt;</c> goes after the creative's own, or first inside InLine / Wrapper.</summary>
    private static string WithVastImpression(string vast)
    {
        var ours = $"<Impression><![CDATA[{ImpSlot}]]></Impression>";
        var after = vast.IndexOf("</Impression>", StringComparison.Ordinal);
        if (after >= 0)
            return vast.Insert(after + "</Impression>".Length, ours);
        foreach (var container in new[] { "<InLine", "<Wrapper" })
        {
            var open = vast.IndexOf(container, StringComparison.Ordinal);
            var close = open >= 0 ? vast.IndexOf('>', open) : -1;
            if (close > 0)
                return vast.Insert(close + 1, ours);
        }
        return vast;
    }

    /// <summary>Adds an impression event tracker (and legacy imptracker) and routes <c>link.url</c> through our click URL.</summary>
    private static string WithNativeTrackers(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
        // Native 1.2 responses may be wrapped in {"native": {...}}.
        var native = (root?["native"] as JsonObject) ?? root as JsonObject;
        if (native is null)
            return json;
        var trackers = native["eventtrackers"] as JsonArray ?? [];
        trackers.Add(new JsonObject { ["event"] = 1, ["method"] = 1, ["url"] = ImpSlot });
        native["eventtrackers"] = trackers;
        var legacy = native["imptrackers"] as JsonArray ?? [];
        legacy.Add(ImpSlot);
        native["imptrackers"] = legacy;
        if (native["link"] is JsonObject link && link["url"] is not null)
            link["url"] = ClickSlot;
        return root!.ToJsonString();
    }
}
