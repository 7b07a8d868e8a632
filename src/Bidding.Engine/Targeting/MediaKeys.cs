namespace Bidding.Engine.Targeting;

/// <summary>Keys of the media dimension: which kinds of creative a campaign can serve (exact banner sizes are indexed apart).</summary>
internal static class MediaKeys
{
    public const string AnyBanner = "banner";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Native = "native";
}
