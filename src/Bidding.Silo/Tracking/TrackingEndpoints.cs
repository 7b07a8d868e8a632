using Bidding.Engine.Catalog;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Tracking;

/// <summary>
/// The notice and tracking endpoints, on every silo: win, billing and loss notices answer
/// <c>204</c>, the impression pixel a 1×1 GIF, a click <c>302</c> to the creative's landing URL
/// (with <c>bidding_click</c>, the token for the advertiser's conversion postback), a conversion
/// <c>204</c>. Impressions and clicks also leave a cookie, so a conversion pixel without a token is
/// attributed to the browser's last click, else its last impression. Each event is in the log before it is acknowledged; a repeat is acknowledged and
/// counted once. A bad signature is <c>403</c>, an unknown campaign <c>404</c>, an expired event
/// <c>410</c>, a mismatched or unreadable parameter <c>400</c>, each with its reason.
/// </summary>
internal static class TrackingEndpoints
{
    private const string ClickCookie = "bidding_click";
    private const string ViewCookie = "bidding_view";
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        var tracking = app.MapGroup("/t").WithTags("Tracking");
        tracking.MapGet("/win", (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Win)).WithSummary("Win notice (nurl)");
        tracking.MapGet("/bill", (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Billing)).WithSummary("Billing notice (burl)");
        tracking.MapGet("/loss", (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Loss)).WithSummary("Loss notice (lurl)");
        tracking.MapGet("/imp", ImpressionAsync).WithSummary("Impression pixel");
        tracking.MapGet("/click", ClickAsync).WithSummary("Click redirect");
        tracking.MapMethods("/conv", ["GET", "POST"], ConversionAsync).WithSummary("Conversion postback or pixel");
        return app;
    }

    private static async Task<IResult> NoticeAsync(HttpContext http, TrackingService service, EventType type)
    {
        var outcome = await service.RecordAsync(type, Read(http.Request.Query), http.RequestAborted);
        return outcome.Ok ? Results.NoContent() : Rejected(outcome);
    }

    private static async Task<IResult> ImpressionAsync(HttpContext http, TrackingService service, TrackingUrls urls, IOptions<TrackingOptions> options)
    {
        var outcome = await service.RecordAsync(EventType.Impression, Read(http.Request.Query), http.RequestAborted);
        if (!outcome.Ok)
            return Rejected(outcome);
        Remember(http, ViewCookie, urls.ConversionToken(outcome.Context!), options.Value);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(HttpContext http, TrackingService service, TrackingUrls urls, CatalogStore catalog, IOptions<TrackingOptions> options)
    {
        var outcome = await service.RecordAsync(EventType.Click, Read(http.Request.Query), http.RequestAborted);
        if (!outcome.Ok)
            return Rejected(outcome);
        if (catalog.Creative(outcome.Context!.CreativeId)?.ClickUrl is not { } landing)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The creative has no landing URL", extensions: Reason("no_landing"));
        var token = urls.ConversionToken(outcome.Context);
        Remember(http, ClickCookie, token, options.Value);
        var separator = landing.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect($"{landing}{separator}bidding_click={token}");
    }

    /// <summary>
    /// A conversion: the token in <c>t</c> (the <c>bidding_click</c> the landing page received), else the
    /// browser's last click, else its last impression (a view-through conversion), from our cookies.
    /// </summary>
    private static async Task<IResult> ConversionAsync(HttpContext http, TrackingService service)
    {
        var request = Read(http.Request.Query);
        if (string.IsNullOrEmpty(request.Token))
        {
            if (http.Request.Cookies[ClickCookie] is { Length: > 0 } click)
                request = request with { Token = click };
            else if (http.Request.Cookies[ViewCookie] is { Length: > 0 } view)
                request = request with { Token = view, ViewThrough = true };
        }
        var outcome = await service.RecordAsync(EventType.Conversion, request, http.RequestAborted);
        return outcome.Ok ? Results.NoContent() : Rejected(outcome);
    }

    /// <summary>The newest click or impression of this browser, for attributing a later conversion (last click, else last view).</summary>
    private static void Remember(HttpContext http, string cookie, string token, TrackingOptions options)
    {
        var secure = options.BaseUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        http.Response.Cookies.Append(cookie, token, new CookieOptions
        {
            Path = "/t",
            HttpOnly = true,
            Secure = secure,
            // Pixels and clicks are third-party requests: cookies travel only with SameSite=None, which needs Secure.
            SameSite = secure ? SameSiteMode.None : SameSiteMode.Lax,
            MaxAge = options.ConversionWindow,
            IsEssential = true,
        });
    }

    private static TrackingRequest Read(IQueryCollection query) => new(
        Token: query["t"], AuctionId: query["a"], ImpId: query["i"], Price: query["p"], Currency: query["c"].Count > 0 ? query["c"] : query["cur"],
        LossReason: query["r"], ConversionId: query["id"], ConversionValue: query["value"]);

    private static IResult Rejected(TrackingOutcome outcome) =>
        Results.Problem(statusCode: outcome.Status, title: Title(outcome.Reason!), extensions: Reason(outcome.Reason!));

    private static Dictionary<string, object?> Reason(string reason) => new() { ["reason"] = reason };

    private static string Title(string reason) => reason switch
    {
        "signature" => "Missing or invalid signature",
        "unknown_campaign" => "The signed bid names an unknown campaign",
        "out_of_window" => "The event arrived after its window closed",
        "auction_mismatch" => "The auction id does not match the signed bid",
        "imp_mismatch" => "The impression id does not match the signed bid",
        "price" => "The clearing price is unreadable",
        "currency" => "The currency is unknown",
        "loss_reason" => "The loss reason is not an integer",
        "conversion_id" => "The conversion id is longer than 128 characters",
        "conversion_value" => "The conversion value is unreadable",
        _ => "Rejected",
    };
}
