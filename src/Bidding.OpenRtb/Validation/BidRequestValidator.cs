using System.Text.Json;
using Bidding.OpenRtb.Request;

namespace Bidding.OpenRtb.Validation;

/// <summary>
/// Checks a parsed request against the OpenRTB 2.6 rules a bidder depends on and returns the first
/// violation. Allocates nothing for a valid request.
/// <para>
/// Request-wide faults (no id, no imp, duplicate imp ids, wrong types, negative device sizes, a
/// DOOH request that also names a site or app, …) refuse the request. A fault inside one
/// impression (a broken native payload, video without mimes, …) makes that impression
/// unbiddable (<see cref="Imp.Rejection"/>); the request is refused only when no impression is left.
/// OpenRTB 2.6 makes banner sizes recommended, not required, and forbids only DOOH beside a site
/// or app, so a sizeless banner or a request with both site and app is accepted.
/// </para> Also lifts the OpenRTB 2.5 <c>ext</c>
/// locations (as prebid-server writes them when it down-converts) into their 2.6 fields, see
/// <see cref="RequestNormalizer"/>.
/// </summary>
public static class BidRequestValidator
{
    public static RequestError? Validate(BidRequest request)
    {
        if (string.IsNullOrEmpty(request.Id))
            return new("id", "is required");
        if (request.Imp is null || request.Imp.Count == 0)
            return new("imp", "must contain at least one impression");
        if (request.Tmax < 0)
            return new("tmax", "must not be negative");
        if (request.At is { } at && at is not (1 or 2) && at < 500)
            return new("at", "must be 1 (first price), 2 (second price) or an exchange-specific value of 500 or more");
        if (request.Dooh is not null && (request.Site is not null || request.App is not null))
            return new("dooh", "a request with a dooh object must not contain a site or app object");
        if (CurrencyList(request.Cur, "cur") is { } curError)
            return curError;

        for (var i = 0; i < request.Imp.Count; i++)
        {
            var imp = request.Imp[i];
            if (imp is null)
                return new(Path.Imp(i), "must be an object");
            if (string.IsNullOrEmpty(imp.Id))
                return new(Path.Imp(i) + ".id", "is required");
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(request.Imp[j].Id, imp.Id, StringComparison.Ordinal))
                    return new(Path.Imp(i) + ".id", $"duplicates imp[{j}].id \"{imp.Id}\"; impression ids must be unique");
            }
        }

        if ((DeviceAndUser(request) ?? Regs(request) ?? Source(request)) is { } requestError)
            return requestError;

        RequestError? firstImpError = null;
        var biddable = 0;
        for (var i = 0; i < request.Imp.Count; i++)
        {
            var imp = request.Imp[i];
            imp.Rejection = ImpValidator.Validate(imp, i);
            if (imp.Rejection is null)
                biddable++;
            else
                firstImpError ??= imp.Rejection;
        }
        return biddable == 0 ? firstImpError : null;
    }

    private static RequestError? DeviceAndUser(BidRequest request)
    {
        if (request.Device is { } device)
        {
            if (device.W < 0)
                return new("device.w", "must not be negative");
            if (device.H < 0)
                return new("device.h", "must not be negative");
            if (device.Ppi < 0)
                return new("device.ppi", "must not be negative");
            if (device.Geo?.Accuracy < 0)
                return new("device.geo.accuracy", "must not be negative");
        }
        if (request.User is { } user)
        {
            if (user.Geo?.Accuracy < 0)
                return new("user.geo.accuracy", "must not be negative");
            if (user.Ext is { } ext)
            {
                if (ext.ValueKind != JsonValueKind.Object)
                    return new("user.ext", "must be an object");
                if (ext.TryGetProperty("consent", out var consent) && consent.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return new("user.ext.consent", "must be a string (the TCF consent string)");
                if (ext.TryGetProperty("eids", out var eids) && eids.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                    return new("user.ext.eids", "must be an array");
            }
        }
        return null;
    }

    private static RequestError? Regs(BidRequest request)
    {
        if (request.Regs is not { } regs)
            return null;
        if (regs.Gdpr is { } gdpr && gdpr is not (0 or 1))
            return new("regs.gdpr", "must be 0 or 1");
        if (regs.Coppa is { } coppa && coppa is not (0 or 1))
            return new("regs.coppa", "must be 0 or 1");
        if (regs.Ext is not { } ext)
            return null;
        if (ext.ValueKind != JsonValueKind.Object)
            return new("regs.ext", "must be an object");
        if (ext.TryGetProperty("gdpr", out var extGdpr) && extGdpr.ValueKind != JsonValueKind.Null &&
            !(extGdpr.ValueKind == JsonValueKind.Number && extGdpr.TryGetInt32(out var g) && g is 0 or 1))
            return new("regs.ext.gdpr", "must be 0 or 1");
        if (ext.TryGetProperty("us_privacy", out var usp) && usp.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return new("regs.ext.us_privacy", "must be a string");
        return null;
    }

    private static RequestError? Source(BidRequest request)
    {
        if (request.Source?.Ext is not { } ext)
            return null;
        if (ext.ValueKind != JsonValueKind.Object)
            return new("source.ext", "must be an object");
        if (ext.TryGetProperty("schain", out var schain) && schain.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return new("source.ext.schain", "must be an object");
        return null;
    }

    internal static RequestError? CurrencyList(List<string>? currencies, string field)
    {
        if (currencies is null)
            return null;
        for (var i = 0; i < currencies.Count; i++)
        {
            if (!IsCurrencyCode(currencies[i]))
                return new($"{field}[{i}]", "must be an ISO-4217 currency code such as \"USD\"");
        }
        return null;
    }

    internal static bool IsCurrencyCode(string? code) =>
        code is { Length: 3 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && char.IsAsciiLetterUpper(code[2]);
}
