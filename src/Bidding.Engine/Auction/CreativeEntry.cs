using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Auction;

/// <summary>A creative as the bid path reads it: with its media key and block-check sets precomputed.</summary>
internal sealed class CreativeEntry(Creative creative, Advertiser advertiser)
{
    public Creative Creative { get; } = creative;

    public int MediaType { get; } = creative.Format switch
    {
        CreativeFormat.Banner => 1,
        CreativeFormat.Video => 2,
        CreativeFormat.Audio => 3,
        _ => 4,
    };

    /// <summary>The domains reported as <c>adomain</c>: the creative's, or the advertiser's.</summary>
    public List<string> Adomain { get; } = AdomainOf(creative, advertiser);

    /// <summary><see cref="Adomain"/> normalized when the snapshot is built, for badv checks.</summary>
    public string[] NormalizedAdomain { get; } = [.. AdomainOf(creative, advertiser).Select(d => Targeting.Domains.Normalize(d) ?? d)];

    public List<string>? Cat { get; } = creative.Cat.Count > 0 ? creative.Cat : null;

    /// <summary>The markup with slots for the bid's impression pixel and click URL.</summary>
    public Tracking.MarkupTemplate Markup { get; } = Tracking.MarkupTemplate.For(creative);

    public List<int>? Attr { get; } = creative.Attr.Count > 0 ? creative.Attr : null;

    /// <summary>The creative and format fields of the model features, hashed once.</summary>
    public ulong CreativeHash { get; } = Models.FeatureContract.Hash(Models.FeatureContract.Creative, creative.Id);
    public ulong FormatHash { get; } = Models.FeatureContract.Hash(Models.FeatureContract.Format, Models.FeatureContract.FormatOf(creative));
    public ulong CrossPrefix { get; } = Models.FeatureContract.CrossPrefix(creative.Id);

    private static List<string> AdomainOf(Creative creative, Advertiser advertiser) =>
        creative.Adomain.Count > 0 ? creative.Adomain
        : advertiser.Domain is { Length: > 0 } domain ? [domain] : [];
}
