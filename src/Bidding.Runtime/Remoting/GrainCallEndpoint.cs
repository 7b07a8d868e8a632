using System.Globalization;
using System.Text.Json;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Remoting;

/// <summary>The owner's side of a silo-to-silo call: runs it on the local activation if this silo owns the grain.</summary>
public static class GrainCallEndpoint
{
    internal const string GenerationHeader = "X-Bidding-Silo-Generation";
    internal const string SecretHeader = "X-Bidding-Cluster-Secret";

    /// <summary>Maps the silo-to-silo endpoint, reachable only on the internal port.</summary>
    public static IEndpointConventionBuilder MapGrainCalls(this IEndpointRouteBuilder endpoints)
    {
        var port = endpoints.ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value.SiloPort;
        return endpoints.MapPost(HttpGrainTransport.PathPrefix + "{type}/{method}", HandleAsync)
            .RequireHost(string.Create(CultureInfo.InvariantCulture, $"*:{port}"))
            .ExcludeFromDescription();
    }

    private static async Task HandleAsync(HttpContext http, string type, string method)
    {
        var services = http.RequestServices;
        var membership = services.GetRequiredService<ClusterMembership>();
        var router = services.GetRequiredService<IGrainCallRouter>();
        var runtime = services.GetRequiredService<GrainRuntime>();
        var json = services.GetRequiredService<IOptions<RuntimeOptions>>().Value.CallSerializer;

        if (services.GetRequiredService<IOptions<ClusterOptions>>().Value.SharedSecret is { Length: > 0 } secret
            && !FixedTimeEquals(http.Request.Headers[SecretHeader].ToString(), secret))
        {
            await Error(http, StatusCodes.Status401Unauthorized, "Unauthorized", "silo-to-silo calls must carry the cluster's shared secret");
            return;
        }

        if (!long.TryParse(http.Request.Headers[GenerationHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            || generation != membership.Self.Generation)
        {
            await Reject(http, $"this is {membership.Self}, not the silo generation the call was addressed to");
            return;
        }
        if (services.GetRequiredService<GrainMethods>().Find(type, method) is not { } target)
        {
            await Error(http, StatusCodes.Status404NotFound, "MissingMethodException", $"No grain method {type}.{method}.");
            return;
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var id = new GrainId(type, body.RootElement.GetProperty("key").GetString() ?? "");
        if (router.Route(id, out _) != GrainRoute.Local)
        {
            await membership.RefreshAsync(http.RequestAborted);
            if (router.Route(id, out var owner) != GrainRoute.Local)
            {
                await Reject(http, $"{membership.Self} does not own {id} in view {membership.View.Version} (owner: {owner})");
                return;
            }
        }

        var parameters = target.GetParameters();
        var args = new object?[parameters.Length];
        var i = 0;
        foreach (var element in body.RootElement.GetProperty("args").EnumerateArray())
        {
            if (i < args.Length)
                args[i] = element.Deserialize(parameters[i].ParameterType, json);
            i++;
        }

        object? result;
        try
        {
            result = await runtime.InvokeLocalAsync(id, target, args);
        }
        catch (Exception e)
        {
            await Error(http, StatusCodes.Status500InternalServerError, e.GetType().FullName ?? "Exception", e.Message);
            return;
        }
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter);
        writer.WriteStartObject();
        if (GrainMethods.ResultType(target) is { } resultType)
        {
            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, result, resultType, json);
        }
        writer.WriteEndObject();
    }

    private static bool FixedTimeEquals(string presented, string expected) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(expected));

    private static Task Reject(HttpContext http, string reason) =>
        Error(http, StatusCodes.Status409Conflict, "NotOwner", reason);

    private static Task Error(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new RemoteError(type, message), RemotingJsonContext.Default.RemoteError);
    }
}

internal sealed record RemoteError(string Type, string Message);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RemoteError))]
internal sealed partial class RemotingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
