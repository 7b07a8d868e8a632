using System.Security.Cryptography;
using System.Text;
using Bidding.Engine.Catalog;
using Bidding.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Api;

/// <summary>Who is calling the platform API: the admin, or one advertiser.</summary>
internal sealed record ApiCaller(bool IsAdmin, string? AdvertiserId)
{
    /// <summary>Whether the caller may see and change objects of <paramref name="advertiserId"/>.</summary>
    public bool Owns(string advertiserId) => IsAdmin || string.Equals(AdvertiserId, advertiserId, StringComparison.Ordinal);
}

/// <summary>API keys: random, shown once, stored only as SHA-256 hashes.</summary>
internal static class ApiKeys
{
    public const string Header = "X-Api-Key";

    public static string NewKey() => "bk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Reads the key from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.</summary>
    public static string? FromRequest(HttpRequest request)
    {
        var key = request.Headers[Header].ToString();
        if (!string.IsNullOrEmpty(key))
            return key;
        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
    }

    public static ApiCaller? Authenticate(HttpRequest request, SiloOptions options, CatalogStore catalog)
    {
        if (FromRequest(request) is not { Length: > 0 } key)
            return null;
        if (options.AdminApiKey is { Length: > 0 } admin &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(admin)))
            return new ApiCaller(true, null);
        return catalog.AdvertiserIdForKeyHash(Hash(key)) is { } advertiserId ? new ApiCaller(false, advertiserId) : null;
    }
}

/// <summary>Rejects platform API calls without a valid key (401) and makes the caller available to handlers.</summary>
internal sealed class ApiKeyFilter(IOptions<SiloOptions> options, CatalogStore catalog) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = ApiKeys.Authenticate(context.HttpContext.Request, options.Value, catalog);
        if (caller is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: $"Send a valid key in the {ApiKeys.Header} header (or Authorization: Bearer).",
                extensions: new Dictionary<string, object?> { ["field"] = ApiKeys.Header });
        }
        context.HttpContext.Items[typeof(ApiCaller)] = caller;
        return await next(context);
    }
}

internal static class HttpContextCallerExtensions
{
    public static ApiCaller Caller(this HttpContext context) => (ApiCaller)context.Items[typeof(ApiCaller)]!;
}
