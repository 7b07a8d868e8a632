namespace Bidding.Engine.Targeting;

/// <summary>Keys of the media dimension: which creatives a campaign can serve.</summary>
internal static class MediaKeys
{
    public const string AnyBanner = "banner";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Native = "native";
}
