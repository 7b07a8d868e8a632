using System.Text.Json;

namespace Bidding.Silo.Tests.OpenRtb;

/// <summary>Checks that a bid response is a valid answer to the request it answers.</summary>
internal static class ResponseCheck
{
    public static string? Problem(byte[] request, byte[] response)
    {
        using var req = JsonDocument.Parse(request);
        using var res = JsonDocument.Parse(response);
        var r = res.RootElement;
        if (!r.TryGetProperty("id", out var id) || id.GetString() != req.RootElement.GetProperty("id").GetString())
            return "response id differs from the request id";
        if (!r.TryGetProperty("cur", out var cur) || cur.GetString() is not { Length: 3 })
            return "cur missing";
        if (req.RootElement.TryGetProperty("cur", out var allowed) && allowed.ValueKind == JsonValueKind.Array && allowed.GetArrayLength() > 0
            && !allowed.EnumerateArray().Any(c => c.GetString() == cur.GetString()))
            return $"cur {cur} is not among the request's currencies";
        var imps = req.RootElement.GetProperty("imp").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i);
        var bidIds = new HashSet<string>();
        var seatbids = r.GetProperty("seatbid");
        if (seatbids.GetArrayLength() == 0)
            return "200 without seatbid (should be 204)";
        foreach (var seat in seatbids.EnumerateArray())
        {
            foreach (var bid in seat.GetProperty("bid").EnumerateArray())
            {
                if (!bidIds.Add(bid.GetProperty("id").GetString()!))
                    return "duplicate bid id";
                var impid = bid.GetProperty("impid").GetString()!;
                if (!imps.TryGetValue(impid, out var imp))
                    return $"bid for unknown impid {impid}";
                var price = bid.GetProperty("price").GetDecimal();
                if (price <= 0)
                    return "non-positive price";
                if (imp.TryGetProperty("bidfloor", out var floor) && floor.ValueKind == JsonValueKind.Number && !imp.TryGetProperty("pmp", out _)
                    && (!imp.TryGetProperty("bidfloorcur", out var fc) || fc.GetString() == cur.GetString()) && price < floor.GetDecimal())
                    return $"price {price} below floor {floor}";
                var mtype = bid.GetProperty("mtype").GetInt32();
                var media = mtype switch { 1 => "banner", 2 => "video", 3 => "audio", 4 => "native", _ => "?" };
                if (!imp.TryGetProperty(media, out _))
                    return $"mtype {mtype} but imp {impid} has no {media}";
                if (mtype == 1 && imp.GetProperty("banner") is var banner && !FitsBanner(banner, bid.GetProperty("w").GetInt32(), bid.GetProperty("h").GetInt32()))
                    return $"banner {bid.GetProperty("w")}x{bid.GetProperty("h")} does not fit imp {impid}";
                if (!bid.TryGetProperty("adm", out _) || !bid.TryGetProperty("crid", out _))
                    return "bid without adm or crid";
            }
        }
        return null;
    }

    private static bool FitsBanner(JsonElement banner, int w, int h)
    {
        if (banner.TryGetProperty("w", out var bw) && banner.TryGetProperty("h", out var bh) && bw.ValueKind == JsonValueKind.Number && bw.GetDouble() == w && bh.GetDouble() == h)
            return true;
        if (!banner.TryGetProperty("format", out var formats) || formats.ValueKind != JsonValueKind.Array)
            return false;
        foreach (var f in formats.EnumerateArray())
        {
            if (f.TryGetProperty("w", out var fw) && f.TryGetProperty("h", out var fh) && fw.GetDouble() == w && fh.GetDouble() == h)
                return true;
            if (f.TryGetProperty("wratio", out var wr) && f.TryGetProperty("hratio", out var hr) && (long)w * hr.GetInt32() == (long)h * wr.GetInt32())
                return true;
        }
        return false;
    }
}
