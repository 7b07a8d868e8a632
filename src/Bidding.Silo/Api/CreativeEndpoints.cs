using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Grains;

namespace Bidding.Silo.Api;

/// <summary>Creatives: CRUD under their campaign.</summary>
internal static class CreativeEndpoints
{
    public static void MapCreativeEndpoints(this RouteGroupBuilder api)
    {
        var byCampaign = api.MapGroup("/campaigns/{campaignId}/creatives").WithTags("Creatives");
        byCampaign.MapGet("/", List).Produces<List<Creative>>();
        byCampaign.MapPost("/", Create).Accepts<Creative>("application/json").Produces<Creative>(StatusCodes.Status201Created).ProducesValidationProblem();

        var creatives = api.MapGroup("/creatives").WithTags("Creatives");
        creatives.MapGet("/{id}", Get).Produces<Creative>().ProducesProblem(StatusCodes.Status404NotFound);
        creatives.MapPut("/{id}", Update).Accepts<Creative>("application/json").Produces<Creative>().ProducesValidationProblem();
        creatives.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> List(string campaignId, HttpContext http, IGrainFactory grains, CatalogStore catalog)
    {
        if (await CampaignEndpoints.Owned(campaignId, http, grains) is null)
            return CampaignEndpoints.NotFound(campaignId);
        return Results.Ok(catalog.Creatives.Where(c => c.CampaignId == campaignId).OrderBy(c => c.Id, StringComparer.Ordinal));
    }

    private static async Task<IResult> Create(string campaignId, HttpContext http, IGrainFactory grains, DefinitionValidator validator)
    {
        if (await CampaignEndpoints.Owned(campaignId, http, grains) is not { } campaign)
            return CampaignEndpoints.NotFound(campaignId);
        var (creative, error) = await ApiBody.ReadAsync<Creative>(http.Request);
        if (error is not null)
            return error;
        if (ApiResults.NewId(creative!.Id, "cr", out var idError) is not { } id)
            return idError!;
        creative.CampaignId = campaign.Id;
        creative.AdvertiserId = campaign.AdvertiserId;
        if (validator.Validate(creative) is { Count: > 0 } errors)
            return Results.ValidationProblem(errors);
        var grain = grains.GetGrain<ICreativeGrain>(id);
        if (await grain.GetAsync() is not null)
            return ApiResults.Conflict("creative", id);
        return Results.Created($"/api/v1/creatives/{id}", await grain.SaveAsync(creative));
    }

    private static async Task<IResult> Get(string id, HttpContext http, IGrainFactory grains) =>
        await Owned(id, http, grains) is { } creative ? Results.Ok(creative) : NotFound(id);

    private static async Task<IResult> Update(string id, HttpContext http, IGrainFactory grains, DefinitionValidator validator)
    {
        if (await Owned(id, http, grains) is not { } existing)
            return NotFound(id);
        var (creative, error) = await ApiBody.ReadAsync<Creative>(http.Request);
        if (error is not null)
            return error;
        creative!.CampaignId = existing.CampaignId;
        creative.AdvertiserId = existing.AdvertiserId;
        if (validator.Validate(creative) is { Count: > 0 } errors)
            return Results.ValidationProblem(errors);
        return Results.Ok(await grains.GetGrain<ICreativeGrain>(id).SaveAsync(creative));
    }

    private static async Task<IResult> Delete(string id, HttpContext http, IGrainFactory grains)
    {
        if (await Owned(id, http, grains) is null)
            return NotFound(id);
        await grains.GetGrain<ICreativeGrain>(id).DeleteAsync();
        return Results.NoContent();
    }

    private static async Task<Creative?> Owned(string id, HttpContext http, IGrainFactory grains) =>
        Ids.IsValid(id) && await grains.GetGrain<ICreativeGrain>(id).GetAsync() is { } creative && http.Caller().Owns(creative.AdvertiserId)
            ? creative
            : null;

    private static IResult NotFound(string id) => ApiResults.NotFound("creative", id);
}
