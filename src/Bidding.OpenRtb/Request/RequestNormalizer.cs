using System.Text.Json;
using Bidding.OpenRtb.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>
/// Lifts the OpenRTB 2.5 <c>ext</c> locations that prebid-server writes when it down-converts
/// (<c>regs.ext.gdpr</c>, <c>regs.ext.us_privacy</c>, <c>user.ext.consent</c>, <c>user.ext.eids</c>,
/// <c>source.ext.schain</c>) into their 2.6 fields, so the engine reads one place. 2.6 fields win.
/// Call after validation, which has checked the types.
/// </summary>
public static class RequestNormalizer
{
    public static void Normalize(BidRequest request)
    {
        if (request.Regs is { Ext: { ValueKind: JsonValueKind.Object } regsExt } regs)
        {
            if (regs.Gdpr is null && regsExt.TryGetProperty("gdpr", out var gdpr) && gdpr.ValueKind == JsonValueKind.Number)
                regs.Gdpr = gdpr.GetInt32();
            if (regs.UsPrivacy is null && regsExt.TryGetProperty("us_privacy", out var usp) && usp.ValueKind == JsonValueKind.String)
                regs.UsPrivacy = usp.GetString();
        }
        if (request.User is { Ext: { ValueKind: JsonValueKind.Object } userExt } user)
        {
            if (user.Consent is null && userExt.TryGetProperty("consent", out var consent) && consent.ValueKind == JsonValueKind.String)
                user.Consent = consent.GetString();
            if (user.Eids is null && userExt.TryGetProperty("eids", out var eids) && eids.ValueKind == JsonValueKind.Array)
                user.Eids = TryDeserialize(eids, static e => e.Deserialize(OpenRtbJsonContext.Default.ListEid));
        }
        if (request.Source is { Ext: { ValueKind: JsonValueKind.Object } sourceExt } source &&
            source.Schain is null && sourceExt.TryGetProperty("schain", out var schain) && schain.ValueKind == JsonValueKind.Object)
        {
            source.Schain = TryDeserialize(schain, static e => e.Deserialize(OpenRtbJsonContext.Default.SupplyChain));
        }
    }

    // A malformed optional ext member is ignored rather than refusing the whole request.
    private static T? TryDeserialize<T>(JsonElement element, Func<JsonElement, T?> read) where T : class
    {
        try
        {
            return read(element);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
