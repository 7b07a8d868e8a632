using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Remoting;

/// <summary>
/// Silo-to-silo calls over HTTP/2 (prior knowledge, one multiplexed connection per peer). The body
/// is <c>{"key":…,"args":[…]}</c> serialized with the runtime's JSON options; the answer is
/// <c>{"result":…}</c>, <c>409</c> when the receiver does not own the grain, or the grain's error.
/// </summary>
internal sealed class HttpGrainTransport : IDisposable
{
    public const string PathPrefix = "/_silo/grains/";

    private readonly HttpClient _client;
    private readonly JsonSerializerOptions _json;
    private readonly string? _secret;

    public HttpGrainTransport(IOptions<RuntimeOptions> options, IOptions<ClusterOptions> cluster)
    {
        _json = options.Value.CallSerializer;
        _secret = cluster.Value.SharedSecret;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<object?> SendAsync(SiloAddress owner, GrainId id, MethodInfo method, object?[]? args, CancellationToken cancellationToken)
    {
        var uri = new Uri($"http://{owner.Endpoint}{PathPrefix}{Uri.EscapeDataString(id.Type)}/{method.Name}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(Serialize(id, method, args)),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(GrainCallEndpoint.GenerationHeader, owner.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_secret is not null)
            request.Headers.Add(GrainCallEndpoint.SecretHeader, _secret);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new GrainCallRejectedException($"{owner} is unreachable: {e.Message}", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable)
                throw new GrainCallRejectedException($"{owner} did not run the call ({(int)response.StatusCode}): {Text(body)}");
            if (response.StatusCode != HttpStatusCode.OK)
                throw Failure(response.StatusCode, body);
            using var document = JsonDocument.Parse(body);
            return GrainMethods.ResultType(method) is { } resultType && document.RootElement.TryGetProperty("result", out var result)
                ? result.Deserialize(resultType, _json)
                : null;
        }
    }

    public void Dispose() => _client.Dispose();

    private byte[] Serialize(GrainId id, MethodInfo method, object?[]? args)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", id.Key);
            writer.WriteStartArray("args");
            var parameters = method.GetParameters();
            for (var i = 0; i < parameters.Length; i++)
                JsonSerializer.Serialize(writer, args?[i], parameters[i].ParameterType, _json);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static Exception Failure(HttpStatusCode status, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return new RemoteGrainException(root.GetProperty("type").GetString() ?? "Exception", root.GetProperty("message").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new RemoteGrainException("HttpError", $"{(int)status}: {Text(body)}");
        }
    }

    private static string Text(byte[] body) => System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500));
}
