using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Targeting;

/// <summary>
/// Inverted index over targeting dimensions. Each dimension maps a value to the set of campaigns
/// targeting it, plus an "any" set of campaigns that do not restrict it; a request's constraint on a
/// dimension is the union of "any" and the sets of its values. A query starts from the constraint
/// with the fewest non-empty words (the driver), then narrows it by each other constraint, reading
/// only the words still holding candidates, most selective constraint first. Its cost grows with the
/// driver's size, not with the number of campaigns: campaigns that target other inventory, other
/// countries or other deals are never touched. Dimensions no campaign restricts are skipped.
/// </summary>
internal sealed class TargetingIndex
{
    private const int Constraints = 8;

    private readonly int _words;
    private readonly Dictionary<long, CampaignSet> _bannerSizes = [];
    private readonly IndexDimension _media = new(StringComparer.Ordinal);
    private readonly IndexDimension _country = new(StringComparer.OrdinalIgnoreCase);
    private readonly IndexDimension _deviceType = new(StringComparer.Ordinal);
    private readonly IndexDimension _os = new(StringComparer.OrdinalIgnoreCase);
    private readonly IndexDimension _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly IndexDimension _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly IndexDimension _categories = new(StringComparer.OrdinalIgnoreCase);
    private readonly IndexDimension _segments = new(StringComparer.Ordinal);
    private readonly IndexDimension _deals = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static Scratch? t_scratch;

    public TargetingIndex(IReadOnlyList<CampaignEntry> campaigns)
    {
        Count = campaigns.Count;
        _words = (Math.Max(1, campaigns.Count) + 63) >> 6;
        var sizes = new Dictionary<long, List<int>>();
        foreach (var entry in campaigns)
            Add(entry, sizes);
        foreach (var (size, ordinals) in sizes)
            _bannerSizes[size] = CampaignSet.Of(ordinals, _words);
        foreach (var dimension in (IndexDimension[])[_media, _country, _deviceType, _os, _sites, _apps, _categories, _segments, _deals])
            dimension.Freeze(_words, Count);
    }

    /// <summary>How many campaigns are indexed: the most a query can return.</summary>
    public int Count { get; }

    /// <summary>
    /// Writes the ordinals of the candidate campaigns for one impression into <paramref name="result"/>
    /// (at least <see cref="Count"/> long), ascending, and returns how many there are.
    /// </summary>
    public int Query(RequestFeatures request, Imp imp, Span<int> result)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Reset(_words, Count);
        try
        {
            // Every constraint the request puts on the campaigns; one that every campaign meets is left out.
            var media = scratch.Next();
            AddMedia(imp, media);
            scratch.Commit(media);
            Constrain(scratch, _country, request.Country);
            Constrain(scratch, _deviceType, request.DeviceType);
            Constrain(scratch, _os, request.Os);
            // Campaigns without allow lists sit in "any" of both sites and apps.
            Constrain(scratch, request.IsApp ? _apps : _sites, request.IsApp ? request.AppBundle : request.SiteDomain);
            ConstrainMany(scratch, _categories, request.Categories);
            ConstrainMany(scratch, _segments, request.Segments);
            ConstrainDeals(scratch, imp);
            return scratch.Run(result);
        }
        finally
        {
            scratch.Clear();
        }
    }

    private void Add(CampaignEntry entry, Dictionary<long, List<int>> sizes)
    {
        var o = entry.Ordinal;
        var t = entry.Campaign.Targeting;
        foreach (var creative in entry.Creatives)
        {
            var c = creative.Creative;
            switch (c.Format)
            {
                case CreativeFormat.Banner:
                    if (!sizes.TryGetValue(SizeKey(c.W, c.H), out var ordinals))
                        sizes[SizeKey(c.W, c.H)] = ordinals = [];
                    ordinals.Add(o);
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
        if (!t.DealsOnly)
            _deals.AddAny(o);
        foreach (var deal in t.DealIds)
            _deals.Add(deal, o);
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

    private void AddMedia(Imp imp, List<CampaignSet> pieces)
    {
        if (imp.Banner is { } banner)
        {
            var flexible = false;
            if (banner.W is > 0 and var w && banner.H is > 0 and var h)
                AddSize(w, h, pieces);
            if (banner.Format is { } formats)
            {
                foreach (var format in formats)
                {
                    if (format.W is > 0 and var fw && format.H is > 0 and var fh)
                        AddSize(fw, fh, pieces);
                    else if (format.Wratio is > 0)
                        flexible = true;
                }
            }
            if (flexible)
                AddPiece(pieces, _media.Get(MediaKeys.AnyBanner));
        }
        if (imp.Video is not null)
            AddPiece(pieces, _media.Get(MediaKeys.Video));
        if (imp.Audio is not null)
            AddPiece(pieces, _media.Get(MediaKeys.Audio));
        if (imp.Native?.Parsed is not null)
            AddPiece(pieces, _media.Get(MediaKeys.Native));
    }

    private void AddSize(int w, int h, List<CampaignSet> pieces)
    {
        if (_bannerSizes.TryGetValue(SizeKey(w, h), out var set))
            AddPiece(pieces, set);
    }

    private static long SizeKey(int w, int h) => ((long)w << 32) | (uint)h;

    private static void AddPiece(List<CampaignSet> pieces, CampaignSet? set)
    {
        if (set is { Count: > 0 } && !pieces.Contains(set))
            pieces.Add(set);
    }

    private void Constrain(Scratch scratch, IndexDimension dimension, string? value)
    {
        if (dimension.Unrestricted)
            return;
        var pieces = scratch.Next();
        AddPiece(pieces, dimension.Any);
        AddPiece(pieces, dimension.Get(value));
        scratch.Commit(pieces);
    }

    private void ConstrainMany(Scratch scratch, IndexDimension dimension, List<string> values)
    {
        if (dimension.Unrestricted)
            return;
        var pieces = scratch.Next();
        AddPiece(pieces, dimension.Any);
        foreach (var value in values)
            AddPiece(pieces, dimension.Get(value));
        scratch.Commit(pieces);
    }

    private void ConstrainDeals(Scratch scratch, Imp imp)
    {
        if (_deals.Unrestricted && imp.Pmp?.PrivateAuction != 1)
            return;
        var pieces = scratch.Next();
        // A private auction admits only the campaigns of its deals.
        if (imp.Pmp?.PrivateAuction != 1)
            AddPiece(pieces, _deals.Any);
        if (imp.Pmp?.Deals is { } deals)
        {
            foreach (var deal in deals)
                AddPiece(pieces, _deals.Get(deal.Id));
        }
        scratch.Commit(pieces);
    }

    /// <summary>A thread's working memory for queries, so that a query allocates nothing.</summary>
    private sealed class Scratch
    {
        private readonly List<CampaignSet>[] _pieces = [.. Enumerable.Range(0, Constraints).Select(_ => new List<CampaignSet>())];
        private readonly int[] _order = new int[Constraints];
        private readonly int[] _cost = new int[Constraints];
        private readonly int[] _size = new int[Constraints];
        private int _campaigns;
        private int _constraints;
        private bool _none;
        private int[] _words = [];
        private ulong[] _bits = [];
        private int[] _mergeWords = [];
        private ulong[] _mergeBits = [];

        public void Reset(int words, int campaigns)
        {
            _campaigns = campaigns;
            if (_words.Length < words)
            {
                _words = new int[words];
                _bits = new ulong[words];
                _mergeWords = new int[words];
                _mergeBits = new ulong[words];
            }
            _constraints = 0;
            _none = false;
        }

        public List<CampaignSet> Next() => _pieces[_constraints];

        /// <summary>Keeps the constraint being built, unless every campaign meets it; a constraint none meets empties the query.</summary>
        public void Commit(List<CampaignSet> pieces)
        {
            int words = 0, size = 0;
            foreach (var piece in pieces)
            {
                if (piece.Count == _campaigns)
                {
                    pieces.Clear();
                    return;
                }
                words += piece.Words.Length;
                size += piece.Count;
            }
            if (pieces.Count == 0)
                _none = true;
            _cost[_constraints] = words;
            _size[_constraints] = size;
            _constraints++;
        }

        public void Clear()
        {
            foreach (var pieces in _pieces)
                pieces.Clear();
        }

        public int Run(Span<int> result)
        {
            if (_none)
                return 0;
            if (_constraints == 0)
            {
                // Every campaign meets every constraint.
                for (var i = 0; i < _campaigns; i++)
                    result[i] = i;
                return _campaigns;
            }
            // The constraint with the fewest words drives; the others follow, the one admitting fewest campaigns first
            // (insertion sort: at most 8).
            var driver = 0;
            for (var i = 1; i < _constraints; i++)
            {
                if (_cost[i] < _cost[driver])
                    driver = i;
            }
            var others = 0;
            for (var i = 0; i < _constraints; i++)
            {
                if (i == driver)
                    continue;
                var j = others++;
                for (; j > 0 && _size[_order[j - 1]] > _size[i]; j--)
                    _order[j] = _order[j - 1];
                _order[j] = i;
            }
            var active = Union(_pieces[driver]);
            for (var k = 0; k < others && active > 0; k++)
                active = Narrow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pieces[_order[k]]), active);
            var count = 0;
            for (var i = 0; i < active; i++)
            {
                var bits = _bits[i];
                var first = _words[i] << 6;
                while (bits != 0)
                {
                    result[count++] = first + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                }
            }
            return count;
        }

        private int Union(List<CampaignSet> pieces)
        {
            var first = pieces[0];
            first.Words.CopyTo(_words, 0);
            first.Bits.CopyTo(_bits, 0);
            var active = first.Words.Length;
            for (var p = 1; p < pieces.Count; p++)
            {
                var set = pieces[p];
                int i = 0, j = 0, n = 0;
                while (i < active || j < set.Words.Length)
                {
                    if (j == set.Words.Length || (i < active && _words[i] < set.Words[j]))
                    {
                        _mergeWords[n] = _words[i];
                        _mergeBits[n] = _bits[i];
                        i++;
                    }
                    else if (i == active || set.Words[j] < _words[i])
                    {
                        _mergeWords[n] = set.Words[j];
                        _mergeBits[n] = set.Bits[j];
                        j++;
                    }
                    else
                    {
                        _mergeWords[n] = _words[i];
                        _mergeBits[n] = _bits[i] | set.Bits[j];
                        i++;
                        j++;
                    }
                    n++;
                }
                (_words, _mergeWords) = (_mergeWords, _words);
                (_bits, _mergeBits) = (_mergeBits, _bits);
                active = n;
            }
            return active;
        }

        private int Narrow(ReadOnlySpan<CampaignSet> pieces, int active)
        {
            // The common shape, one or two dense sets (a size; "any" and a country), reads them without a loop over the pieces.
            var first = pieces[0].Dense;
            var second = pieces.Length == 1 ? first : pieces.Length == 2 ? pieces[1].Dense : null;
            var kept = 0;
            for (var i = 0; i < active; i++)
            {
                var word = _words[i];
                ulong allowed;
                if (first is not null && second is not null)
                {
                    allowed = first[word] | second[word];
                }
                else
                {
                    allowed = 0;
                    foreach (var piece in pieces)
                    {
                        allowed |= piece.WordAt(word);
                        if (allowed == ~0UL)
                            break;
                    }
                }
                var bits = _bits[i] & allowed;
                if (bits == 0)
                    continue;
                _words[kept] = word;
                _bits[kept] = bits;
                kept++;
            }
            return kept;
        }
    }
}
