using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Learning;

namespace Bidding.Silo.Api;

/// <summary>Campaigns: CRUD under their advertiser, pause/resume, live statistics. Delete archives.</summary>
internal static class CampaignEndpoints
{
    public static void MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        var byAdvertiser = api.MapGroup("/advertisers/{advertiserId}/campaigns").WithTags("Campaigns");
        byAdvertiser.MapGet("/", List).Produces<List<Campaign>>();
        byAdvertiser.MapPost("/", Create).Accepts<Campaign>("application/json").Produces<Campaign>(StatusCodes.Status201Created).ProducesValidationProblem();

        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns");
        campaigns.MapGet("/{id}", Get).Produces<Campaign>().ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapPut("/{id}", Update).Accepts<Campaign>("application/json").Produces<Campaign>().ProducesValidationProblem();
        campaigns.MapDelete("/{id}", (string id, HttpContext http, IGrainFactory grains) => SetStatus(id, CampaignStatus.Archived, http, grains)).Produces<Campaign>();
        campaigns.MapPost("/{id}/pause", (string id, HttpContext http, IGrainFactory grains) => SetStatus(id, CampaignStatus.Paused, http, grains)).Produces<Campaign>();
        campaigns.MapPost("/{id}/resume", (string id, HttpContext http, IGrainFactory grains) => SetStatus(id, CampaignStatus.Active, http, grains)).Produces<Campaign>();
        campaigns.MapGet("/{id}/stats", Stats).Produces<CampaignStatsView>();
        campaigns.MapGet("/{id}/budget", Budget).Produces<LedgerView>();
        campaigns.MapGet("/{id}/learning", Learning).Produces<LearningView>();
    }

    private static IResult List(string advertiserId, HttpContext http, CatalogStore catalog)
    {
        if (!http.Caller().Owns(advertiserId) || catalog.Advertiser(advertiserId) is null)
            return AdvertiserEndpoints.NotFound(advertiserId);
        return Results.Ok(catalog.Campaigns.Where(c => c.AdvertiserId == advertiserId).OrderBy(c => c.Id, StringComparer.Ordinal));
    }

    private static async Task<IResult> Create(string advertiserId, HttpContext http, IGrainFactory grains, DefinitionValidator validator)
    {
        if (!http.Caller().Owns(advertiserId) || await grains.GetGrain<IAdvertiserGrain>(advertiserId).GetAsync() is null)
            return AdvertiserEndpoints.NotFound(advertiserId);
        var (campaign, error) = await ApiBody.ReadAsync<Campaign>(http.Request);
        if (error is not null)
            return error;
        if (ApiResults.NewId(campaign!.Id, "cmp", out var idError) is not { } id)
            return idError!;
        campaign.AdvertiserId = advertiserId;
        if (validator.Validate(campaign) is { Count: > 0 } errors)
            return Results.ValidationProblem(errors);
        var grain = grains.GetGrain<ICampaignGrain>(id);
        if (await grain.GetAsync() is not null)
            return ApiResults.Conflict("campaign", id);
        var saved = await grain.SaveAsync(campaign);
        return Results.Created($"/api/v1/campaigns/{id}", saved);
    }

    private static async Task<IResult> Get(string id, HttpContext http, IGrainFactory grains) =>
        await Owned(id, http, grains) is { } campaign ? Results.Ok(campaign) : NotFound(id);

    private static async Task<IResult> Update(string id, HttpContext http, IGrainFactory grains, DefinitionValidator validator)
    {
        if (await Owned(id, http, grains) is not { } existing)
            return NotFound(id);
        var (campaign, error) = await ApiBody.ReadAsync<Campaign>(http.Request);
        if (error is not null)
            return error;
        campaign!.AdvertiserId = existing.AdvertiserId;
        if (validator.Validate(campaign) is { Count: > 0 } errors)
            return Results.ValidationProblem(errors);
        return Results.Ok(await grains.GetGrain<ICampaignGrain>(id).SaveAsync(campaign));
    }

    private static async Task<IResult> SetStatus(string id, CampaignStatus status, HttpContext http, IGrainFactory grains)
    {
        if (await Owned(id, http, grains) is null)
            return NotFound(id);
        return Results.Ok(await grains.GetGrain<ICampaignGrain>(id).SetStatusAsync(status));
    }

    /// <summary>Live statistics from the event log (every silo's events) and every silo's bid counts (reported every few seconds).</summary>
    private static async Task<IResult> Stats(string id, HttpContext http, IGrainFactory grains)
    {
        if (await Owned(id, http, grains) is not { } campaign)
            return NotFound(id);
        var state = await grains.GetGrain<ICampaignStatsGrain>(id).GetAsync();
        return Results.Ok(CampaignStatsView.Of(id, campaign.Currency, state));
    }

    /// <summary>The budget ledger: settled spend today and in total, reservations pending settlement, open leases per silo, pacing allowance.</summary>
    private static async Task<IResult> Budget(string id, HttpContext http, IGrainFactory grains)
    {
        if (await Owned(id, http, grains) is null)
            return NotFound(id);
        return Results.Ok(await grains.GetGrain<IBudgetPacerGrain>(id).GetLedgerAsync());
    }

    /// <summary>What the bandits have learnt: each creative's click and conversion posteriors, and the first-price shading arms.</summary>
    private static async Task<IResult> Learning(string id, HttpContext http, IGrainFactory grains, CatalogStore catalog)
    {
        if (await Owned(id, http, grains) is null)
            return NotFound(id);
        var creatives = new List<CreativeArmView>();
        var posteriors = grains.GetGrain<ICreativeArmsGrain>(id);
        foreach (var creative in catalog.Creatives.Where(c => c.CampaignId == id).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var arm = await posteriors.GetAsync(creative.Id);
            creatives.Add(new CreativeArmView(creative.Id, arm.CtrAlpha, arm.CtrBeta, arm.CtrMean, arm.CvrAlpha, arm.CvrBeta, arm.CvrMean));
        }
        var shading = await grains.GetGrain<IShadingGrain>(id).GetAsync();
        var shadingArms = ShadingArms.Fractions.Select((fraction, i) => new ShadingArmView(fraction, shading.Wins[i], shading.Losses[i],
            (1 + shading.Wins[i]) / (2 + shading.Wins[i] + shading.Losses[i]))).ToList();
        return Results.Ok(new LearningView(id, creatives, shadingArms));
    }

    /// <summary>The campaign if it exists and the caller owns it; otherwise null (shown as 404, never 403).</summary>
    internal static async Task<Campaign?> Owned(string id, HttpContext http, IGrainFactory grains) =>
        Ids.IsValid(id) && await grains.GetGrain<ICampaignGrain>(id).GetAsync() is { } campaign && http.Caller().Owns(campaign.AdvertiserId)
            ? campaign
            : null;

    internal static IResult NotFound(string id) => ApiResults.NotFound("campaign", id);
}
