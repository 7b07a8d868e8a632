using Bidding.Engine.Campaigns;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Auction;

/// <summary>Whether a creative can fill an impression: format, size, MIME type, duration, protocol, attributes.</summary>
internal static class CreativeFit
{
    public static bool Fits(Imp imp, CreativeEntry entry)
    {
        var c = entry.Creative;
        return c.Format switch
        {
            CreativeFormat.Banner => imp.Banner is { } banner && FitsBanner(banner, c) && !Blocked(banner.Battr, entry.Attr),
            CreativeFormat.Video => imp.Video is { } video && FitsVideo(video, c) && !Blocked(video.Battr, entry.Attr),
            CreativeFormat.Audio => imp.Audio is { } audio && FitsAudio(audio, c) && !Blocked(audio.Battr, entry.Attr),
            CreativeFormat.Native => imp.Native is { Parsed: not null } native && !Blocked(native.Battr, entry.Attr),
            _ => false,
        };
    }

    private static bool FitsBanner(Banner banner, Creative c)
    {
        if (banner.Mimes is { Count: > 0 } mimes && c.Mime is { } mime && !Contains(mimes, mime))
            return false;
        if (banner.W == c.W && banner.H == c.H)
            return true;
        if (banner.Format is null)
            return false;
        foreach (var format in banner.Format)
        {
            if (format.W == c.W && format.H == c.H)
                return true;
            if (format.Wratio is > 0 and var wr && format.Hratio is > 0 and var hr && c.W >= (format.Wmin ?? 0) && (long)c.W * hr == (long)c.H * wr)
                return true;
        }
        return false;
    }

    private static bool FitsVideo(Video video, Creative c) =>
        c.Mime is { } mime && video.Mimes is { } mimes && Contains(mimes, mime)
        && Duration(c.DurationSeconds, video.Minduration, video.Maxduration, video.Rqddurs)
        && Protocol(c.Protocol, video.Protocols, video.Protocol);

    private static bool FitsAudio(Audio audio, Creative c) =>
        c.Mime is { } mime && audio.Mimes is { } mimes && Contains(mimes, mime)
        && Duration(c.DurationSeconds, audio.Minduration, audio.Maxduration, audio.Rqddurs)
        && Protocol(c.Protocol, audio.Protocols, null);

    private static bool Duration(int seconds, int? min, int? max, List<int>? required)
    {
        if (required is { Count: > 0 })
            return required.Contains(seconds);
        return (min is null || seconds >= min) && (max is null or 0 || seconds <= max);
    }

    private static bool Protocol(int? protocol, List<int>? allowed, int? single)
    {
        if (protocol is not { } p)
            return true;
        if (allowed is { Count: > 0 })
            return allowed.Contains(p);
        return single is null || single == p;
    }

    private static bool Contains(List<string> values, string value)
    {
        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    internal static bool Blocked(List<int>? blocked, List<int>? attrs)
    {
        if (blocked is null || attrs is null)
            return false;
        foreach (var a in attrs)
        {
            if (blocked.Contains(a))
                return true;
        }
        return false;
    }
}
