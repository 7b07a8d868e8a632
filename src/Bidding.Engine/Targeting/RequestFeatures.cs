using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Targeting;

/// <summary>The facts of a request that targeting looks at, extracted once per request.</summary>
public sealed class RequestFeatures
{
    public string? Country { get; private init; }
    public string? Region { get; private init; }
    public string? City { get; private init; }
    public string? DeviceType { get; private init; }
    public string? Os { get; private init; }
    public string? SiteDomain { get; private init; }
    public string? AppBundle { get; private init; }
    public bool IsApp { get; private init; }
    public List<string> Categories { get; } = [];
    public List<string> Segments { get; } = [];
    /// <summary>The request's badv, normalized; null when it blocks no advertiser.</summary>
    public HashSet<string>? BlockedAdvertisers { get; private init; }

    /// <summary>Who the user is, for frequency caps: <c>user.id</c>, else <c>user.buyeruid</c>, else <c>device.ifa</c>.</summary>
    public string? UserKey { get; private init; }

    private static readonly string[] SmallNumbers = Enumerable.Range(0, 32).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static RequestFeatures From(BidRequest request)
    {
        var geo = request.Device?.Geo ?? request.User?.Geo;
        var features = new RequestFeatures
        {
            Country = Blank(geo?.Country),
            Region = Blank(geo?.Region),
            City = Blank(geo?.City),
            DeviceType = request.Device?.Devicetype is { } t && t >= 0 && t < SmallNumbers.Length ? SmallNumbers[t] : null,
            Os = Blank(request.Device?.Os),
            IsApp = request.App is not null,
            AppBundle = Blank(request.App?.Bundle),
            SiteDomain = request.App is null ? Domains.Normalize(request.Site?.Domain ?? Domains.HostOf(request.Site?.Page)) : null,
            BlockedAdvertisers = BlockedDomains(request.Badv),
            UserKey = Blank(request.User?.Id) ?? Blank(request.User?.Buyeruid) ?? Blank(request.Device?.Ifa),
        };
        AddCategories(features.Categories, request.Site?.Cat, request.Site?.Sectioncat, request.Site?.Pagecat,
            request.App?.Cat, request.App?.Sectioncat, request.App?.Pagecat, (request.Site?.Content ?? request.App?.Content)?.Cat);
        if (request.User?.Data is { } data)
        {
            foreach (var provider in data)
            {
                if (provider?.Segment is null)
                    continue;
                foreach (var segment in provider.Segment)
                {
                    if (!string.IsNullOrEmpty(segment?.Id))
                        features.Segments.Add(segment.Id);
                }
            }
        }
        return features;
    }

    private static void AddCategories(List<string> target, params List<string>?[] sources)
    {
        foreach (var source in sources)
        {
            if (source is null)
                continue;
            foreach (var cat in source)
            {
                if (string.IsNullOrEmpty(cat))
                    continue;
                target.Add(cat);
                var dash = cat.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0)
                    target.Add(cat[..dash]);
            }
        }
    }

    private static HashSet<string>? BlockedDomains(List<string>? badv)
    {
        if (badv is not { Count: > 0 })
            return null;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var domain in badv)
        {
            if (Domains.Normalize(domain) is { } d)
                set.Add(d);
        }
        return set;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
