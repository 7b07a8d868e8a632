using System.Buffers;
using System.Text.Json;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;
using Bidding.OpenRtb.Validation;

namespace Bidding.OpenRtb.Json;

/// <summary>The result of reading a bid request: the request, or why it was refused.</summary>
public readonly record struct ReadResult(BidRequest? Request, RequestError? Error);

/// <summary>Reads and writes OpenRTB straight from and to streams and buffers (no string copies).</summary>
public static class OpenRtbSerializer
{
    /// <summary>Parses, validates and normalizes a request body.</summary>
    public static async ValueTask<ReadResult> ReadRequestAsync(Stream body, CancellationToken cancellationToken = default)
    {
        BidRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(body, OpenRtbJsonContext.Default.BidRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return new(null, new RequestError(JsonErrors.Field(e), JsonErrors.Describe(e)));
        }
        return Check(request);
    }

    /// <summary>Parses, validates and normalizes a request held in memory.</summary>
    public static ReadResult ReadRequest(ReadOnlySpan<byte> utf8Json)
    {
        BidRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(utf8Json, OpenRtbJsonContext.Default.BidRequest);
        }
        catch (JsonException e)
        {
            return new(null, new RequestError(JsonErrors.Field(e), JsonErrors.Describe(e)));
        }
        return Check(request);
    }

    /// <summary>
    /// Writes a response. Markup and URLs keep their characters (<c>&lt;</c>, <c>&amp;</c>) instead of
    /// <c>\u003C</c>-style escapes: the body is JSON read by an exchange, never inlined into HTML.
    /// </summary>
    public static void WriteResponse(IBufferWriter<byte> output, BidResponse response)
    {
        using var writer = new Utf8JsonWriter(output, ResponseWriter);
        JsonSerializer.Serialize(writer, response, OpenRtbJsonContext.Default.BidResponse);
    }

    private static readonly JsonWriterOptions ResponseWriter = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static BidResponse? ReadResponse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, OpenRtbJsonContext.Default.BidResponse);

    private static ReadResult Check(BidRequest? request)
    {
        if (request is null)
            return new(null, new RequestError("body", "must be a JSON object (the bid request), not null"));
        if (BidRequestValidator.Validate(request) is { } error)
            return new(null, error);
        RequestNormalizer.Normalize(request);
        return new(request, null);
    }
}
