using Bidding.Engine.Catalog;
using Bidding.Engine.Tracking;

namespace Bidding.Silo.Tracking;

/// <summary>
/// The notice and tracking endpoints, on every silo: win, billing and loss notices answer
/// <c>204</c>, the impression pixel a 1×1 GIF, a click <c>302</c> to the creative's landing URL
/// (with <c>bidding_click</c>, the token for the advertiser's conversion postback), a conversion
/// <c>204</c>. Each event is in the log before it is acknowledged; a repeat is acknowledged and
/// counted once. A bad signature is <c>403</c>, an unknown campaign <c>404</c>, an expired event
/// <c>410</c>, a mismatched or unreadable parameter <c>400</c>, each with its reason.
/// </summary>
internal static class TrackingEndpoints
{
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        var tracking = app.MapGroup("/t").WithTags("Tracking");
        tracking.MapGet("/win", (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Win)).WithSummary("Win notice (nurl)");
        tracking.MapGet("/bill", (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Billing)).WithSummary("Billing notice (burl)");
        tracking.MapGet("/loss", (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Loss)).WithSummary("Loss notice (lurl)");
        tracking.MapGet("/imp", ImpressionAsync).WithSummary("Impression pixel");
        tracking.MapGet("/click", ClickAsync).WithSummary("Click redirect");
        tracking.MapMethods("/conv", ["GET", "POST"], (HttpContext http, TrackingService service) => NoticeAsync(http, service, EventType.Conversion)).WithSummary("Conversion postback");
        return app;
    }

    private static async Task<IResult> NoticeAsync(HttpContext http, TrackingService service, EventType type)
    {
        var outcome = await service.RecordAsync(type, Read(http.Request.Query), http.RequestAborted);
        return outcome.Ok ? Results.NoContent() : Rejected(outcome);
    }

    private static async Task<IResult> ImpressionAsync(HttpContext http, TrackingService service)
    {
        var outcome = await service.RecordAsync(EventType.Impression, Read(http.Request.Query), http.RequestAborted);
        if (!outcome.Ok)
            return Rejected(outcome);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(HttpContext http, TrackingService service, TrackingUrls urls, CatalogStore catalog)
    {
        var outcome = await service.RecordAsync(EventType.Click, Read(http.Request.Query), http.RequestAborted);
        if (!outcome.Ok)
            return Rejected(outcome);
        if (catalog.Creative(outcome.Context!.CreativeId)?.ClickUrl is not { } landing)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The creative has no landing URL", extensions: Reason("no_landing"));
        var separator = landing.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect($"{landing}{separator}bidding_click={urls.ConversionToken(outcome.Context)}");
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
