using System.Text.Json;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Native;

namespace Bidding.OpenRtb.Validation;

/// <summary>
/// Parses <c>imp.native.request</c> and checks it against the Native Ad Specification 1.2: assets,
/// context and placement codes, event trackers. Stores the parsed request on the imp.
/// </summary>
internal static class NativeRequestValidator
{
    public static RequestError? Validate(Request.Native native, string field)
    {
        var requestField = field + ".request";
        if (string.IsNullOrWhiteSpace(native.Request))
            return new(requestField, "is required: the native request as a JSON string");

        NativeRequest? parsed;
        try
        {
            using var document = JsonDocument.Parse(native.Request);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new(requestField, "must be a JSON object");
            parsed = root.TryGetProperty("native", out var inner) && inner.ValueKind == JsonValueKind.Object
                ? inner.Deserialize(OpenRtbJsonContext.Default.NativeRequest)
                : root.Deserialize(OpenRtbJsonContext.Default.NativeRequest);
        }
        catch (JsonException e)
        {
            return new(requestField, "is not a valid native request: " + JsonErrors.Describe(e));
        }
        if (parsed is null)
            return new(requestField, "must be a JSON object");

        var error = Context(parsed, requestField) ?? Assets(parsed, requestField) ?? Trackers(parsed, requestField);
        if (error is null)
            native.Parsed = parsed;
        return error;
    }

    private static RequestError? Context(NativeRequest request, string field)
    {
        if (request.Context is { } context && !(context is >= 1 and <= 3 || context >= 500))
            return new(field + ".context", "must be 1 (content), 2 (social), 3 (product) or 500+");
        if (request.Contextsubtype is { } sub)
        {
            if (!(sub is >= 10 and <= 15 or >= 20 and <= 22 or >= 30 and <= 32 || sub >= 500))
                return new(field + ".contextsubtype", "is not a Native 1.2 context subtype");
            if (request.Context is { } c && c < 500 && sub < 500 && sub / 10 != c)
                return new(field + ".contextsubtype", $"{sub} does not belong to context {c}");
        }
        if (request.Plcmttype is { } placement && !(placement is >= 1 and <= 4 || placement >= 500))
            return new(field + ".plcmttype", "must be 1 to 4 or 500+");
        if (request.Plcmtcnt < 0)
            return new(field + ".plcmtcnt", "must not be negative");
        return null;
    }

    private static RequestError? Assets(NativeRequest request, string field)
    {
        var assets = request.Assets;
        if (assets is null || assets.Count == 0)
            return new(field + ".assets", "must contain at least one asset");
        var withId = 0;
        for (var i = 0; i < assets.Count; i++)
        {
            var assetField = $"{field}.assets[{i}]";
            var asset = assets[i];
            if (asset is null)
                return new(assetField, "must be an object");
            if (asset.Id is { } id)
            {
                withId++;
                for (var j = 0; j < i; j++)
                {
                    if (assets[j].Id == id)
                        return new(assetField + ".id", $"duplicates assets[{j}].id {id}");
                }
            }
            if (Asset(asset, assetField) is { } error)
                return error;
        }
        if (withId != 0 && withId != assets.Count)
            return new(field + ".assets", "either every asset has an id or none does");
        return null;
    }

    private static RequestError? Asset(NativeAsset asset, string field)
    {
        var kinds = (asset.Title is null ? 0 : 1) + (asset.Img is null ? 0 : 1) + (asset.Video is null ? 0 : 1) + (asset.Data is null ? 0 : 1);
        if (kinds != 1)
            return new(field, "must contain exactly one of title, img, video or data");
        if (asset.Title is { } title && !(title.Len > 0))
            return new(field + ".title.len", "is required and must be positive");
        if (asset.Img is { } img)
        {
            if (img.W < 0) return new(field + ".img.w", "must not be negative");
            if (img.H < 0) return new(field + ".img.h", "must not be negative");
            if (img.Wmin < 0) return new(field + ".img.wmin", "must not be negative");
            if (img.Hmin < 0) return new(field + ".img.hmin", "must not be negative");
            if (img.Type is { } type && !(type is 1 or 2 or 3 || type >= 500))
                return new(field + ".img.type", "must be 1 (icon), 3 (main) or 500+");
        }
        if (asset.Video is { } video)
        {
            if (video.Mimes is null || video.Mimes.Count == 0)
                return new(field + ".video.mimes", "must list at least one MIME type");
            if (video.Minduration is null or < 0)
                return new(field + ".video.minduration", "is required and must not be negative");
            if (video.Maxduration is null or < 0)
                return new(field + ".video.maxduration", "is required and must not be negative");
            if (video.Protocols is null || video.Protocols.Count == 0)
                return new(field + ".video.protocols", "must list at least one protocol");
            foreach (var protocol in video.Protocols)
            {
                if (protocol is < 1 or > 10)
                    return new(field + ".video.protocols", $"{protocol} is not a known video protocol (1 to 10)");
            }
        }
        if (asset.Data is { } data)
        {
            if (data.Type is not { } type)
                return new(field + ".data.type", "is required");
            if (!(type is >= 1 and <= 12 || type >= 500))
                return new(field + ".data.type", "must be 1 to 12 or 500+");
            if (data.Len < 0)
                return new(field + ".data.len", "must not be negative");
        }
        return null;
    }

    private static RequestError? Trackers(NativeRequest request, string field)
    {
        if (request.Eventtrackers is not { } trackers)
            return null;
        for (var i = 0; i < trackers.Count; i++)
        {
            var trackerField = $"{field}.eventtrackers[{i}]";
            var tracker = trackers[i];
            if (tracker?.Event is not { } ev || !(ev is >= 1 and <= 4 || ev >= 500))
                return new(trackerField + ".event", "must be 1 to 4 or 500+");
            if (tracker.Methods is null || tracker.Methods.Count == 0)
                return new(trackerField + ".methods", "must list at least one method");
            foreach (var method in tracker.Methods)
            {
                if (!(method is 1 or 2 || method >= 500))
                    return new(trackerField + ".methods", $"{method} is not 1 (img), 2 (js) or 500+");
            }
        }
        return null;
    }
}
