using System.Text.Json;
using System.Text.RegularExpressions;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;

namespace Bidding.Silo.Api;

/// <summary>Checks API input; every problem is reported against the JSON field that holds it.</summary>
internal sealed partial class DefinitionValidator(CurrencyTable currencies)
{
    public Dictionary<string, string[]> Validate(Advertiser a)
    {
        a.ApiKeyHashes = [];
        var e = new Errors();
        Name(e, "name", a.Name);
        Currency(e, "currency", a.Currency);
        if (a.Domain is { Length: > 253 })
            e.Add("domain", "must be at most 253 characters");
        return e.Result;
    }

    public Dictionary<string, string[]> Validate(Campaign c)
    {
        c.Goal ??= new Goal { TargetMicros = 0 };
        c.TimeZone ??= "UTC";
        var t = c.Targeting ??= new Targeting();
        t.Countries ??= []; t.Regions ??= []; t.Cities ??= []; t.DeviceTypes ??= []; t.Os ??= [];
        t.SiteDomains ??= []; t.BlockedSiteDomains ??= []; t.AppBundles ??= []; t.BlockedAppBundles ??= [];
        t.Categories ??= []; t.Sizes ??= []; t.DealIds ??= []; t.Segments ??= []; t.DayParts ??= [];
        foreach (var part in t.DayParts)
            part.Days ??= [];
        var e = new Errors();
        Name(e, "name", c.Name);
        Currency(e, "currency", c.Currency);
        if (c.DailyBudgetMicros < 0) e.Add("dailyBudgetMicros", "must not be negative");
        if (c.TotalBudgetMicros < 0) e.Add("totalBudgetMicros", "must not be negative");
        if (c.TotalBudgetMicros > 0 && c.DailyBudgetMicros > c.TotalBudgetMicros) e.Add("dailyBudgetMicros", "must not exceed totalBudgetMicros");
        if (!Enum.IsDefined(c.Goal.Type)) e.Add("goal.type", "must be cpm, cpc, cpa or roas");
        if (c.Goal.Type == GoalType.Roas)
        {
            if (c.Goal.TargetRoas is not > 0) e.Add("goal.targetRoas", "must be positive for a roas goal (4 means 400%)");
            if (c.Goal.ConversionValueMicros is not > 0) e.Add("goal.conversionValueMicros", "must be positive for a roas goal: the value of a conversion until conversions report theirs");
        }
        else if (c.Goal.TargetMicros <= 0)
        {
            e.Add("goal.targetMicros", "must be positive");
        }
        if (c.MaxBidMicros < 0) e.Add("maxBidMicros", "must not be negative");
        if (!Enum.IsDefined(c.Pacing)) e.Add("pacing", "must be even or traffic");
        if (c.ConversionWindowDays is < 1 or > 90) e.Add("conversionWindowDays", "must be 1 to 90 days");
        if (c.FrequencyCap is { } cap)
        {
            if (cap.Impressions is < 1 or > 10_000) e.Add("frequencyCap.impressions", "must be 1 to 10000");
            if (!Enum.IsDefined(cap.Period)) e.Add("frequencyCap.period", "must be hour or day");
        }
        if (c.Start is { } start && c.End is { } end && end <= start) e.Add("end", "must be after start");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone ?? "", out _)) e.Add("timeZone", "must be an IANA time zone such as Europe/Paris");
        if (!Enum.IsDefined(c.Status)) e.Add("status", "must be active, paused or archived");
        Targeting(e, t);
        return e.Result;
    }

    public Dictionary<string, string[]> Validate(Creative c)
    {
        c.Adomain ??= [];
        c.Cat ??= [];
        c.Attr ??= [];
        c.Markup ??= "";
        var e = new Errors();
        Name(e, "name", c.Name);
        if (!Enum.IsDefined(c.Format)) e.Add("format", "must be banner, video, native or audio");
        if (string.IsNullOrWhiteSpace(c.Markup)) e.Add("markup", "is required");
        switch (c.Format)
        {
            case CreativeFormat.Banner:
                if (c.W <= 0) e.Add("w", "must be positive for a banner");
                if (c.H <= 0) e.Add("h", "must be positive for a banner");
                break;
            case CreativeFormat.Video or CreativeFormat.Audio:
                if (string.IsNullOrWhiteSpace(c.Mime)) e.Add("mime", "is required for video and audio, e.g. video/mp4");
                if (c.DurationSeconds <= 0) e.Add("durationSeconds", "must be positive for video and audio");
                break;
            case CreativeFormat.Native when !string.IsNullOrWhiteSpace(c.Markup):
                try
                {
                    using var _ = JsonDocument.Parse(c.Markup);
                    // A native ad's own link is where clicks land unless clickUrl says otherwise.
                    c.ClickUrl ??= Bidding.Engine.Tracking.MarkupTemplate.NativeLink(c.Markup);
                }
                catch (JsonException)
                {
                    e.Add("markup", "must be the native response JSON for a native creative");
                }
                break;
        }
        if (c.ClickUrl is null && c.Markup.Contains(Bidding.Engine.Tracking.MarkupTemplate.ClickMacro, StringComparison.Ordinal))
            e.Add("clickUrl", "is required when the markup uses ${CLICK_URL}: it is where the tracked click lands");
        if (c.ClickUrl is not null && (!Uri.TryCreate(c.ClickUrl, UriKind.Absolute, out var landing) || (landing.Scheme != Uri.UriSchemeHttps && landing.Scheme != Uri.UriSchemeHttp)))
            e.Add("clickUrl", "must be an absolute http or https URL");
        for (var i = 0; i < c.Adomain.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(c.Adomain[i]) || c.Adomain[i].Contains('/', StringComparison.Ordinal))
                e.Add($"adomain[{i}]", "must be a domain such as brand.example");
        }
        return e.Result;
    }

    private static void Targeting(Errors e, Targeting t)
    {
        for (var i = 0; i < t.Countries.Count; i++)
            if (!Alpha3().IsMatch(t.Countries[i])) e.Add($"targeting.countries[{i}]", "must be an ISO-3166-1 alpha-3 code such as USA");
        for (var i = 0; i < t.Regions.Count; i++)
            if (!Region().IsMatch(t.Regions[i])) e.Add($"targeting.regions[{i}]", "must be country-region such as USA-CA");
        for (var i = 0; i < t.DeviceTypes.Count; i++)
            if (t.DeviceTypes[i] is < 1 or > 7) e.Add($"targeting.deviceTypes[{i}]", "must be an OpenRTB device type 1 to 7");
        for (var i = 0; i < t.Sizes.Count; i++)
            if (!Size().IsMatch(t.Sizes[i])) e.Add($"targeting.sizes[{i}]", "must be WIDTHxHEIGHT such as 300x250");
        if (t.DealsOnly && t.DealIds.Count == 0) e.Add("targeting.dealIds", "must list at least one deal when dealsOnly is set");
        for (var i = 0; i < t.DayParts.Count; i++)
        {
            var p = t.DayParts[i];
            if (p.StartHour is < 0 or > 23) e.Add($"targeting.dayParts[{i}].startHour", "must be 0 to 23");
            if (p.EndHour is < 1 or > 24 || p.EndHour <= p.StartHour) e.Add($"targeting.dayParts[{i}].endHour", "must be after startHour and at most 24");
        }
    }

    private static void Name(Errors e, string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) e.Add(field, "is required");
        else if (name.Length > 200) e.Add(field, "must be at most 200 characters");
    }

    private void Currency(Errors e, string field, string? currency)
    {
        if (currency is null || !currencies.Knows(currency) || currency.Length != 3)
            e.Add(field, "must be a configured ISO-4217 currency such as USD");
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex Alpha3();

    [GeneratedRegex("^[A-Z]{3}-[A-Za-z0-9]{1,3}$")]
    private static partial Regex Region();

    [GeneratedRegex("^[1-9][0-9]{0,4}x[1-9][0-9]{0,4}$")]
    private static partial Regex Size();

    private sealed class Errors
    {
        public Dictionary<string, string[]> Result { get; } = [];

        public void Add(string field, string message) =>
            Result[field] = Result.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }
}
