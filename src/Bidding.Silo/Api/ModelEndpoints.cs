using Bidding.Engine.Grains;
using Bidding.Engine.Models;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Api;

/// <summary>
/// Bid models: upload (checked against the feature contract before anything is stored), list,
/// activate a version (roll back by activating an older one), shadow a version. Scope <c>global</c>
/// (admin key) or an advertiser id (its key or the admin's); role <c>pctr</c> or <c>pcvr</c>.
/// </summary>
internal static class ModelEndpoints
{
    public static void MapModelEndpoints(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Models");
        models.MapGet("/", List).Produces<List<ModelSlotView>>();
        models.MapGet("/{scope}/{role}", Get).Produces<ModelSlotView>().ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/{scope}/{role}", Upload).Accepts<byte[]>("application/octet-stream")
            .Produces<ModelVersionInfo>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        models.MapPost("/{scope}/{role}/versions/{version:int}/activate", Activate).Produces<ModelSlotView>().ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/{scope}/{role}/shadow", Shadow).Accepts<ShadowRequest>("application/json").Produces<ModelSlotView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(HttpContext http, IGrainFactory grains, ModelBook book)
    {
        var caller = http.Caller();
        var slots = await Registry(grains).ListAsync();
        return Results.Ok(slots.Where(s => s.Scope == ModelScopes.Global || caller.Owns(s.Scope)).Select(s => ModelSlotView.Of(s, book)));
    }

    private static async Task<IResult> Get(string scope, string role, HttpContext http, IGrainFactory grains, ModelBook book)
    {
        if (Slot(scope, role, http, write: false, out var parsed) is { } error)
            return error;
        var slot = (await Registry(grains).ListAsync()).FirstOrDefault(s => s.Scope == scope && s.Role == parsed);
        return slot is null ? ApiResults.NotFound("model", $"{scope}/{role}") : Results.Ok(ModelSlotView.Of(slot, book));
    }

    private static async Task<IResult> Upload(string scope, string role, HttpContext http, IGrainFactory grains, IOptions<ModelOptions> options, bool? activate, string? note)
    {
        if (Slot(scope, role, http, write: true, out var parsed) is { } error)
            return error;
        if (scope != ModelScopes.Global && await grains.GetGrain<IAdvertiserGrain>(scope).GetAsync() is null)
            return AdvertiserEndpoints.NotFound(scope);
        var max = options.Value.MaxBytes;
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max + 1; // our own limit below answers 413 with a ProblemDetails
        if (http.Request.ContentLength > max)
            return TooLarge(max);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (body.Length + read > max)
                return TooLarge(max);
            body.Write(buffer, 0, read);
        }
        var bytes = body.ToArray();
        if (bytes.Length == 0)
            return ApiBody.Invalid("model", "the request body must be the ONNX model's bytes (Content-Type: application/octet-stream)");

        // Checked before anything is stored: a model this silo cannot score never reaches the registry.
        ModelVersionInfo version;
        try
        {
            version = await ModelPublisher.PublishAsync(grains, scope, parsed, bytes, note, activate ?? true);
        }
        catch (ModelContractException e)
        {
            return ApiBody.Invalid("model", e.Message);
        }
        return Results.Created($"/api/v1/models/{scope}/{role}", version);
    }

    private static async Task<IResult> Activate(string scope, string role, int version, HttpContext http, IGrainFactory grains, ModelBook book)
    {
        if (Slot(scope, role, http, write: true, out var parsed) is { } error)
            return error;
        return await Registry(grains).ActivateAsync(scope, parsed, version) is { } slot
            ? Results.Ok(ModelSlotView.Of(slot, book))
            : ApiResults.NotFound("model version", $"{scope}/{role}/{version}");
    }

    private static async Task<IResult> Shadow(string scope, string role, HttpContext http, IGrainFactory grains, ModelBook book)
    {
        if (Slot(scope, role, http, write: true, out var parsed) is { } error)
            return error;
        var (request, bodyError) = await ApiBody.ReadAsync<ShadowRequest>(http.Request);
        if (bodyError is not null)
            return bodyError;
        return await Registry(grains).ShadowAsync(scope, parsed, request!.Version) is { } slot
            ? Results.Ok(ModelSlotView.Of(slot, book))
            : ApiResults.NotFound("model version", $"{scope}/{role}/{request.Version}");
    }

    /// <summary>Checks the role and the caller's right to the scope: null if fine, else the answer to give.</summary>
    private static IResult? Slot(string scope, string role, HttpContext http, bool write, out ModelRole parsed)
    {
        parsed = default;
        if (!Enum.TryParse(role, ignoreCase: true, out parsed) || !Enum.IsDefined(parsed) || role.Any(char.IsDigit))
            return ApiBody.Invalid("role", "must be pctr or pcvr");
        var caller = http.Caller();
        if (scope == ModelScopes.Global)
        {
            return write && !caller.IsAdmin
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin key required", detail: "Only the admin key may change global models.")
                : null;
        }
        return Ids.IsValid(scope) && caller.Owns(scope) ? null : AdvertiserEndpoints.NotFound(scope);
    }

    private static IResult TooLarge(long max) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Model too large",
        detail: $"models may be at most {max} bytes (Models:MaxBytes)", extensions: new Dictionary<string, object?> { ["field"] = "model" });

    private static IModelRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key);
}

/// <summary>A version to shadow, or null to stop shadowing.</summary>
internal sealed record ShadowRequest(int? Version);

/// <summary>A model slot as the API shows it, with what this silo serves and, for a shadow, how its predictions compare.</summary>
internal sealed record ModelSlotView(string Scope, string Role, int? Active, int? Shadow, IReadOnlyList<ModelVersionInfo> Versions, ServedView? ServedHere)
{
    public static ModelSlotView Of(ModelSlot slot, ModelBook book)
    {
        var loaded = book.All.FirstOrDefault(m => m.Scope == slot.Scope && m.Role == slot.Role);
        var served = loaded is null ? null : new ServedView(loaded.Version, loaded.ShadowVersion,
            loaded.Shadow is null ? null : new ShadowView(loaded.Comparison.Count, loaded.Comparison.MeanActive, loaded.Comparison.MeanShadow, loaded.Comparison.MeanAbsoluteDifference, loaded.Comparison.Failures));
        return new ModelSlotView(slot.Scope, slot.Role.ToString().ToLowerInvariant(), slot.Active, slot.Shadow, slot.Versions, served);
    }
}

internal sealed record ServedView(int Version, int? ShadowVersion, ShadowView? Shadow);

/// <summary>Predictions scored by both the active model and the shadow on this silo since the shadow was loaded.</summary>
internal sealed record ShadowView(long Predictions, double MeanActive, double MeanShadow, double MeanAbsoluteDifference, long Failures);
