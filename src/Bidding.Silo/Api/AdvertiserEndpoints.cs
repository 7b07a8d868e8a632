using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Grains;

namespace Bidding.Silo.Api;

/// <summary>Advertisers and their API keys. Creating an advertiser needs the admin key.</summary>
internal static class AdvertiserEndpoints
{
    public static void MapAdvertiserEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/advertisers").WithTags("Advertisers");
        group.MapGet("/", List).Produces<List<AdvertiserView>>();
        group.MapPost("/", Create).Accepts<Advertiser>("application/json").Produces<AdvertiserView>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{id}", Get).Produces<AdvertiserView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}", Update).Accepts<Advertiser>("application/json").Produces<AdvertiserView>().ProducesValidationProblem();
        group.MapPost("/{id}/keys", CreateKey).Produces<ApiKeyView>(StatusCodes.Status201Created);
    }

    /// <summary>An advertiser as the API shows it: never the key hashes.</summary>
    public sealed record AdvertiserView(string Id, string Name, string? Domain, string Currency, int ApiKeys, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static AdvertiserView Of(Advertiser a) => new(a.Id, a.Name, a.Domain, a.Currency, a.ApiKeyHashes.Count, a.CreatedAt, a.UpdatedAt);
    }

    /// <summary>A new key, shown exactly once.</summary>
    public sealed record ApiKeyView(string AdvertiserId, string Key);

    private static IResult List(HttpContext http, CatalogStore catalog) =>
        Results.Ok(catalog.Advertisers.Where(a => http.Caller().Owns(a.Id)).OrderBy(a => a.Id, StringComparer.Ordinal).Select(AdvertiserView.Of));

    private static async Task<IResult> Create(HttpContext http, IGrainFactory grains, CatalogStore catalog, DefinitionValidator validator)
    {
        if (!http.Caller().IsAdmin)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin key required", detail: "Only the admin key may create advertisers.");
        var (advertiser, error) = await ApiBody.ReadAsync<Advertiser>(http.Request);
        if (error is not null)
            return error;
        if (ApiResults.NewId(advertiser!.Id, "adv", out var idError) is not { } id)
            return idError!;
        if (validator.Validate(advertiser) is { Count: > 0 } errors)
            return Results.ValidationProblem(errors);
        var grain = grains.GetGrain<IAdvertiserGrain>(id);
        if (await grain.GetAsync() is not null)
            return ApiResults.Conflict("advertiser", id);
        var saved = await grain.SaveAsync(advertiser);
        return Results.Created($"/api/v1/advertisers/{id}", AdvertiserView.Of(saved));
    }

    private static async Task<IResult> Get(string id, HttpContext http, IGrainFactory grains)
    {
        if (!http.Caller().Owns(id) || await grains.GetGrain<IAdvertiserGrain>(id).GetAsync() is not { } advertiser)
            return NotFound(id);
        return Results.Ok(AdvertiserView.Of(advertiser));
    }

    private static async Task<IResult> Update(string id, HttpContext http, IGrainFactory grains, DefinitionValidator validator)
    {
        if (!http.Caller().Owns(id))
            return NotFound(id);
        var grain = grains.GetGrain<IAdvertiserGrain>(id);
        if (await grain.GetAsync() is null)
            return NotFound(id);
        var (advertiser, error) = await ApiBody.ReadAsync<Advertiser>(http.Request);
        if (error is not null)
            return error;
        if (validator.Validate(advertiser!) is { Count: > 0 } errors)
            return Results.ValidationProblem(errors);
        return Results.Ok(AdvertiserView.Of(await grain.SaveAsync(advertiser!)));
    }

    private static async Task<IResult> CreateKey(string id, HttpContext http, IGrainFactory grains)
    {
        if (!http.Caller().Owns(id))
            return NotFound(id);
        var key = ApiKeys.NewKey();
        if (await grains.GetGrain<IAdvertiserGrain>(id).AddApiKeyHashAsync(ApiKeys.Hash(key)) is null)
            return NotFound(id);
        return Results.Created($"/api/v1/advertisers/{id}", new ApiKeyView(id, key));
    }

    internal static IResult NotFound(string id) => ApiResults.NotFound("advertiser", id);
}
