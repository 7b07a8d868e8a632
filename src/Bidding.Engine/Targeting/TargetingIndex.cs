using System.Buffers;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Targeting;

/// <summary>
/// Inverted index over targeting dimensions. Each dimension maps a value to the bitset of
/// campaigns targeting it, plus an "any" bitset of campaigns that do not restrict it. A query
/// ANDs, per dimension, (any | campaigns for the request's values); only the campaigns left are
/// visited. Cost grows with campaigns / 64 per dimension, not with campaigns.
/// </summary>
internal sealed class TargetingIndex
{
    private readonly int _words;
    private readonly Dictionary<long, ulong[]> _bannerSizes = [];
    private readonly IndexDimension _media;
    private readonly IndexDimension _country;
    private readonly IndexDimension _deviceType;
    private readonly IndexDimension _os;
    private readonly IndexDimension _sites;
    private readonly IndexDimension _apps;
    private readonly IndexDimension _categories;
    private readonly IndexDimension _segments;
    private readonly IndexDimension _deals;

    public TargetingIndex(IReadOnlyList<CampaignEntry> campaigns)
    {
        Count = campaigns.Count;
        _words = Bitset.Words(Math.Max(1, campaigns.Count));
        var ci = StringComparer.OrdinalIgnoreCase;
        _media = new(_words, StringComparer.Ordinal);
        _country = new(_words, ci);
        _deviceType = new(_words, StringComparer.Ordinal);
        _os = new(_words, ci);
        _sites = new(_words, ci);
        _apps = new(_words, ci);
        _categories = new(_words, ci);
        _segments = new(_words, StringComparer.Ordinal);
        _deals = new(_words, StringComparer.Ordinal);
        foreach (var entry in campaigns)
            Add(entry);
    }

    public int Count { get; }

    public int Words => _words;

    /// <summary>Writes the candidate campaigns for one impression into <paramref name="result"/> (length <see cref="Words"/>).</summary>
    public void Query(RequestFeatures request, Imp imp, Span<ulong> result)
    {
        result.Clear();
        AddMedia(imp, result);
        if (Bitset.IsEmpty(result))
            return;

        var scratch = ArrayPool<ulong>.Shared.Rent(_words);
        try
        {
            var s = scratch.AsSpan(0, _words);
            Restrict(result, s, _country, request.Country);
            Restrict(result, s, _deviceType, request.DeviceType);
            Restrict(result, s, _os, request.Os);
            RestrictInventory(result, s, request);
            RestrictMany(result, s, _categories, request.Categories);
            RestrictMany(result, s, _segments, request.Segments);
            RestrictDeals(result, s, imp);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    private void Add(CampaignEntry entry)
    {
        var o = entry.Ordinal;
        var t = entry.Campaign.Targeting;
        foreach (var creative in entry.Creatives)
        {
            var c = creative.Creative;
            switch (c.Format)
            {
                case CreativeFormat.Banner:
                    if (!_bannerSizes.TryGetValue(SizeKey(c.W, c.H), out var bits))
                        _bannerSizes[SizeKey(c.W, c.H)] = bits = new ulong[_words];
                    Bitset.Set(bits, o);
                    _media.Add(MediaKeys.AnyBanner, o);
                    break;
                case CreativeFormat.Video:
                    _media.Add(MediaKeys.Video, o);
                    break;
                case CreativeFormat.Audio:
                    _media.Add(MediaKeys.Audio, o);
                    break;
                case CreativeFormat.Native:
                    _media.Add(MediaKeys.Native, o);
                    break;
            }
        }
        Index(_country, t.Countries, o);
        Index(_deviceType, t.DeviceTypes.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), o);
        Index(_os, t.Os, o);
        if (t.SiteDomains.Count == 0 && t.AppBundles.Count == 0)
        {
            _sites.AddAny(o);
            _apps.AddAny(o);
        }
        else
        {
            foreach (var domain in t.SiteDomains)
            {
                if (Domains.Normalize(domain) is { } d)
                    _sites.Add(d, o);
            }
            foreach (var bundle in t.AppBundles)
                _apps.Add(bundle, o);
        }
        Index(_categories, t.Categories, o);
        Index(_segments, t.Segments, o);
        if (t.DealsOnly)
        {
            foreach (var deal in t.DealIds)
                _deals.Add(deal, o);
        }
        else
        {
            _deals.AddAny(o);
            foreach (var deal in t.DealIds)
                _deals.Add(deal, o);
        }
    }

    private static void Index(IndexDimension dimension, List<string> values, int ordinal)
    {
        var any = true;
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
                continue;
            dimension.Add(value.Trim(), ordinal);
            any = false;
        }
        if (any)
            dimension.AddAny(ordinal);
    }

    private void AddMedia(Imp imp, Span<ulong> result)
    {
        if (imp.Banner is { } banner)
        {
            var flexible = false;
            if (banner.W is > 0 and var w && banner.H is > 0 and var h)
                OrSize(w, h, result);
            if (banner.Format is { } formats)
            {
                foreach (var format in formats)
                {
                    if (format.W is > 0 and var fw && format.H is > 0 and var fh)
                        OrSize(fw, fh, result);
                    else if (format.Wratio is > 0)
                        flexible = true;
                }
            }
            if (flexible)
                _media.OrValue(MediaKeys.AnyBanner, result);
        }
        if (imp.Video is not null)
            _media.OrValue(MediaKeys.Video, result);
        if (imp.Audio is not null)
            _media.OrValue(MediaKeys.Audio, result);
        if (imp.Native?.Parsed is not null)
            _media.OrValue(MediaKeys.Native, result);
    }

    private void OrSize(int w, int h, Span<ulong> result)
    {
        if (_bannerSizes.TryGetValue(SizeKey(w, h), out var bits))
            Bitset.Or(result, bits);
    }

    private static long SizeKey(int w, int h) => ((long)w << 32) | (uint)h;

    private static void Restrict(Span<ulong> result, Span<ulong> scratch, IndexDimension dimension, string? value)
    {
        dimension.Any.CopyTo(scratch);
        dimension.OrValue(value, scratch);
        Bitset.And(result, scratch);
    }

    private static void RestrictMany(Span<ulong> result, Span<ulong> scratch, IndexDimension dimension, List<string> values)
    {
        dimension.Any.CopyTo(scratch);
        foreach (var value in values)
            dimension.OrValue(value, scratch);
        Bitset.And(result, scratch);
    }

    private void RestrictInventory(Span<ulong> result, Span<ulong> scratch, RequestFeatures request)
    {
        // Campaigns without allow lists sit in "any" of both; _sites.Any equals _apps.Any.
        _sites.Any.CopyTo(scratch);
        if (request.IsApp)
            _apps.OrValue(request.AppBundle, scratch);
        else
            _sites.OrValue(request.SiteDomain, scratch);
        Bitset.And(result, scratch);
    }

    private void RestrictDeals(Span<ulong> result, Span<ulong> scratch, Imp imp)
    {
        if (imp.Pmp?.PrivateAuction == 1)
            scratch.Clear();
        else
            _deals.Any.CopyTo(scratch);
        if (imp.Pmp?.Deals is { } deals)
        {
            foreach (var deal in deals)
                _deals.OrValue(deal.Id, scratch);
        }
        Bitset.And(result, scratch);
    }
}
