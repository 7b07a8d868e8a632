using System.Buffers;
using System.IO.Compression;
using Bidding.Engine.Auction;
using Bidding.OpenRtb.Json;
using Bidding.Silo.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.OpenRtb;

/// <summary>
/// <c>POST /openrtb2/bid</c>: reads the OpenRTB 2.6 request straight from the body (gzip accepted),
/// answers 200 with a BidResponse, 204 for no bid (also when shedding load), 400 naming the field for an invalid
/// request, 413 for a body over the limit and 503 while the silo drains.
/// </summary>
internal static class BidEndpoint
{
    private static readonly ThreadLocal<ArrayBufferWriter<byte>?> Buffers = new();

    /// <summary>On a 204 from load shedding, why (concurrency, queue, tmax): a no-bid the exchange can tell from a considered one.</summary>
    public const string ShedHeader = "X-Bidding-Shed";

    public static IEndpointRouteBuilder MapBidEndpoint(this IEndpointRouteBuilder app)
    {
        // One URL per exchange (/openrtb2/bid/{exchange}) labels its metrics; the plain URL is the "default" exchange.
        foreach (var pattern in new[] { "/openrtb2/bid", "/openrtb2/bid/{exchange}" })
        {
            app.MapPost(pattern, HandleAsync)
                .WithName(pattern.EndsWith('}') ? "BidFromExchange" : "Bid")
                .WithSummary("OpenRTB 2.6 bid request")
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }
        return app;
    }

    private static async Task HandleAsync(HttpContext context, string? exchange, BidEngine engine, IOptions<SiloOptions> options, SiloLifecycle lifecycle,
        BidMetrics metrics, LoadShedder shedder)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var label = metrics.Exchange(exchange);
        if (!shedder.TryEnter(out var shedReason))
        {
            // Overloaded: a fast no-bid now beats a late answer the exchange has stopped waiting for.
            Shed(context, metrics, label, shedReason!);
            metrics.Answered(label, "shed", started);
            return;
        }
        try
        {
            var outcome = await AnswerAsync(context, label, started, engine, options.Value, lifecycle, metrics, shedder);
            metrics.Answered(label, outcome, started);
        }
        finally
        {
            shedder.Exit();
        }
    }

    /// <summary>Answers the request; returns the outcome label.</summary>
    private static async Task<string> AnswerAsync(HttpContext context, string exchange, long started, BidEngine engine, SiloOptions options, SiloLifecycle lifecycle,
        BidMetrics metrics, LoadShedder shedder)
    {
        if (lifecycle.Draining)
        {
            // Not evaluated: the exchange may send it to another silo.
            context.Response.Headers.RetryAfter = "1";
            context.Response.Headers.Connection = "close";
            await Problem(context, StatusCodes.Status503ServiceUnavailable, "Silo draining", "silo", "this silo is shutting down; send bid requests to another silo");
            return "draining";
        }
        var limit = options.MaxBidRequestBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Bid request too large", "body", $"the body exceeds {limit} bytes");
            return "too_large";
        }

        ReadResult result;
        try
        {
            var body = context.Request.Body;
            var encoding = context.Request.Headers.ContentEncoding.ToString();
            if (encoding.Contains("gzip", StringComparison.OrdinalIgnoreCase))
                body = new LimitedStream(new GZipStream(body, CompressionMode.Decompress, leaveOpen: true), limit * 8L);
            else if (!string.IsNullOrEmpty(encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                await Problem(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding", "Content-Encoding", $"'{encoding}' is not supported; send gzip or no encoding");
                return "unsupported";
            }
            result = await OpenRtbSerializer.ReadRequestAsync(body, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Bid request too large", "body", $"the body exceeds {limit} bytes");
            return "too_large";
        }
        catch (LimitedStream.LimitExceededException)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Bid request too large", "body", "the decompressed body exceeds the limit");
            return "too_large";
        }
        catch (InvalidDataException e)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid bid request", "body", "the gzip body is corrupt: " + e.Message);
            return "invalid";
        }

        if (result.Error is { } error)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid bid request", error.Field, $"{error.Field} {error.Message}");
            return "invalid";
        }

        if (shedder.TooLate(result.Request!, started))
        {
            // The exchange's tmax would pass before a bid could reach it: no bid, at once.
            Shed(context, metrics, exchange, "tmax");
            return "shed";
        }
        var response = engine.Bid(result.Request!, out var reason);
        if (response is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            metrics.NoBid(exchange, reason);
            return "no_bid";
        }
        metrics.Bids(exchange, response.Seatbid![0].Bid!.Count);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers["X-OpenRTB-Version"] = "2.6";
        // Serialized first, so the response goes out with a Content-Length in one write: chunked, its terminating
        // chunk followed the body in a segment of its own, which the exchange's delayed ACK held up by up to 40 ms.
        // The per-thread buffer is copied into the response pipe before anything is awaited.
        var buffer = Buffers.Value ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        OpenRtbSerializer.WriteResponse(buffer, response);
        context.Response.ContentLength = buffer.WrittenCount;
        context.Response.BodyWriter.Write(buffer.WrittenSpan);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        return "bid";
    }

    /// <summary>A 204 from load shedding: marked with why, and counted as a no-bid for that reason.</summary>
    private static void Shed(HttpContext context, BidMetrics metrics, string exchange, string reason)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers[ShedHeader] = reason;
        metrics.NoBid(exchange, reason);
    }

    private static Task Problem(HttpContext context, int status, string title, string field, string detail)
    {
        var result = Results.Problem(detail: detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["field"] = field });
        return result.ExecuteAsync(context);
    }
}
