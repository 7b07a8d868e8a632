using Bidding.OpenRtb.Request;

namespace Bidding.OpenRtb.Validation;

/// <summary>The per-impression rules: a media object, sane sizes and durations, floors and deals.</summary>
internal static class ImpValidator
{
    public static RequestError? Validate(Imp imp, int index)
    {
        if (imp.Banner is null && imp.Video is null && imp.Audio is null && imp.Native is null)
            return new(Path.Imp(index), "must contain at least one of banner, video, audio or native");
        if (imp.Bidfloor is { } floor && (floor < 0 || !double.IsFinite(floor)))
            return new(Path.Imp(index) + ".bidfloor", "must be a non-negative number");
        if (imp.Bidfloorcur is { } cur && !BidRequestValidator.IsCurrencyCode(cur))
            return new(Path.Imp(index) + ".bidfloorcur", "must be an ISO-4217 currency code such as \"USD\"");
        if (imp.Exp < 0)
            return new(Path.Imp(index) + ".exp", "must not be negative");

        return (imp.Banner is null ? null : Banner(imp.Banner, index))
            ?? (imp.Video is null ? null : Video(imp.Video, index))
            ?? (imp.Audio is null ? null : Audio(imp.Audio, index))
            ?? (imp.Native is null ? null : NativeRequestValidator.Validate(imp.Native, Path.Imp(index) + ".native"))
            ?? (imp.Pmp is null ? null : Pmp(imp.Pmp, index));
    }

    private static RequestError? Banner(Banner banner, int index)
    {
        if (banner.W < 0)
            return new(Path.Imp(index) + ".banner.w", "must not be negative");
        if (banner.H < 0)
            return new(Path.Imp(index) + ".banner.h", "must not be negative");
        var formats = banner.Format;
        if (formats is not null)
        {
            for (var f = 0; f < formats.Count; f++)
            {
                if (Format(formats[f], $"{Path.Imp(index)}.banner.format[{f}]") is { } error)
                    return error;
            }
        }
        return null;
    }

    private static RequestError? Format(Format format, string field)
    {
        if (format is null)
            return new(field, "must be an object");
        if (format.W < 0)
            return new(field + ".w", "must not be negative");
        if (format.H < 0)
            return new(field + ".h", "must not be negative");
        if (format.Wratio < 0)
            return new(field + ".wratio", "must not be negative");
        if (format.Hratio < 0)
            return new(field + ".hratio", "must not be negative");
        if (format.Wmin < 0)
            return new(field + ".wmin", "must not be negative");
        var exact = format.W is not null || format.H is not null;
        var flexible = format.Wratio is not null || format.Hratio is not null || format.Wmin is not null;
        if (exact && flexible)
            return new(field, "must define either w and h, or wratio, hratio and wmin, not both");
        if (exact && !(format.W > 0 && format.H > 0))
            return new(field, "must define non-zero w and h");
        if (flexible && !(format.Wratio > 0 && format.Hratio > 0 && format.Wmin > 0))
            return new(field, "must define non-zero wratio, hratio and wmin");
        if (!exact && !flexible)
            return new(field, "must define w and h, or wratio, hratio and wmin");
        return null;
    }

    private static RequestError? Video(Video video, int index)
    {
        var field = Path.Imp(index) + ".video";
        if (video.Mimes is null || video.Mimes.Count == 0)
            return new(field + ".mimes", "must list at least one MIME type");
        return NonNegative(video.W, field + ".w")
            ?? NonNegative(video.H, field + ".h")
            ?? NonNegative(video.Minduration, field + ".minduration")
            ?? NonNegative(video.Maxduration, field + ".maxduration")
            ?? NonNegative(video.Minbitrate, field + ".minbitrate")
            ?? NonNegative(video.Maxbitrate, field + ".maxbitrate")
            ?? NonNegative(video.Maxseq, field + ".maxseq")
            ?? NonNegative(video.Sequence, field + ".sequence")
            ?? DurationRange(video.Minduration, video.Maxduration, field);
    }

    private static RequestError? Audio(Audio audio, int index)
    {
        var field = Path.Imp(index) + ".audio";
        if (audio.Mimes is null || audio.Mimes.Count == 0)
            return new(field + ".mimes", "must list at least one MIME type");
        return NonNegative(audio.Minduration, field + ".minduration")
            ?? NonNegative(audio.Maxduration, field + ".maxduration")
            ?? NonNegative(audio.Minbitrate, field + ".minbitrate")
            ?? NonNegative(audio.Maxbitrate, field + ".maxbitrate")
            ?? NonNegative(audio.Maxseq, field + ".maxseq")
            ?? NonNegative(audio.Sequence, field + ".sequence")
            ?? DurationRange(audio.Minduration, audio.Maxduration, field);
    }

    private static RequestError? Pmp(Pmp pmp, int index)
    {
        if (pmp.PrivateAuction is { } pa && pa is not (0 or 1))
            return new(Path.Imp(index) + ".pmp.private_auction", "must be 0 or 1");
        if (pmp.Deals is null)
            return null;
        for (var d = 0; d < pmp.Deals.Count; d++)
        {
            var deal = pmp.Deals[d];
            var field = $"{Path.Imp(index)}.pmp.deals[{d}]";
            if (deal is null)
                return new(field, "must be an object");
            if (string.IsNullOrEmpty(deal.Id))
                return new(field + ".id", "is required");
            if (deal.Bidfloor is { } floor && (floor < 0 || !double.IsFinite(floor)))
                return new(field + ".bidfloor", "must be a non-negative number");
            if (deal.Bidfloorcur is { } cur && !BidRequestValidator.IsCurrencyCode(cur))
                return new(field + ".bidfloorcur", "must be an ISO-4217 currency code such as \"USD\"");
        }
        return null;
    }

    private static RequestError? NonNegative(int? value, string field) =>
        value < 0 ? new(field, "must not be negative") : null;

    private static RequestError? DurationRange(int? min, int? max, string field) =>
        min is { } lo && max is { } hi && hi > 0 && lo > hi
            ? new(field + ".minduration", "must not exceed maxduration")
            : null;
}
