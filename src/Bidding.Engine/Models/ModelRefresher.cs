using System.Security.Cryptography;
using Bidding.Engine.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Models;

/// <summary>
/// Keeps this silo's <see cref="ModelBook"/> on what the registry says is active: when the registry's
/// revision moves, loads the versions it does not have yet (checking each against the feature
/// contract), swaps the whole book at once, and releases replaced models a little later. A version
/// that cannot be loaded here leaves the slot on the version it had.
/// </summary>
internal sealed partial class ModelRefresher(ModelBook book, IGrainFactory grains, IOptions<ModelOptions> options, TimeProvider time, ILogger<ModelRefresher> logger)
    : PeriodicRefresh(time)
{
    private long _revision = -1;

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override void OnFailed(Exception exception) => LogRefreshFailed(logger, exception);

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var deployment = await grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).GetDeploymentAsync(_revision);
        if (deployment is null)
            return;
        var next = new Dictionary<string, LoadedModel>(StringComparer.Ordinal);
        var retired = new List<BidModel>();
        foreach (var slot in deployment.Slots)
        {
            var key = ModelScopes.Key(slot.Scope, slot.Role);
            var current = book.Get(slot.Scope, slot.Role);
            var model = current?.Sha256 == slot.Sha256 ? current.Model : await LoadAsync(slot.Sha256, slot.Scope, slot.Role, slot.Version);
            if (model is null)
            {
                if (current is not null)
                    next[key] = current; // keep serving what was loaded before
                continue;
            }
            BidModel? shadow = null;
            if (slot.ShadowSha256 is { } shadowSha)
                shadow = current?.Shadow is { } s && current.ShadowVersion == slot.ShadowVersion ? s : await LoadAsync(shadowSha, slot.Scope, slot.Role, slot.ShadowVersion ?? 0);
            next[key] = new LoadedModel(slot.Scope, slot.Role, slot.Version, slot.Sha256, model, shadow is null ? null : slot.ShadowVersion, shadow);
            if (model != current?.Model)
                LogServing(logger, slot.Scope, slot.Role, slot.Version);
        }
        foreach (var old in book.All)
        {
            if (!next.Values.Any(n => n.Model == old.Model || n.Shadow == old.Model))
                retired.Add(old.Model);
            if (old.Shadow is { } s && !next.Values.Any(n => n.Model == s || n.Shadow == s))
                retired.Add(s);
        }
        book.Replace(next);
        _revision = deployment.Revision;
        if (retired.Count > 0)
            _ = RetireAsync(retired);
    }

    private async Task<BidModel?> LoadAsync(string sha256, string scope, ModelRole role, int version)
    {
        var bytes = await grains.GetGrain<IModelBlobGrain>(sha256).GetAsync();
        if (bytes.Length == 0 || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256, StringComparison.Ordinal))
        {
            LogUnloadable(logger, scope, role, version, "its stored bytes are missing or do not match their hash");
            return null;
        }
        try
        {
            return BidModel.Load(bytes);
        }
        catch (ModelContractException e)
        {
            LogUnloadable(logger, scope, role, version, e.Message);
            return null;
        }
    }

    /// <summary>Runs in flight may still hold a replaced model: release it after a while (the native session also waits for its last run).</summary>
    private async Task RetireAsync(List<BidModel> models)
    {
        await Task.Delay(options.Value.RetireAfter, Time);
        foreach (var model in models)
            model.Dispose();
    }

    [LoggerMessage(8101, LogLevel.Information, "Scoring {Scope}/{Role} with version {Version}")]
    private static partial void LogServing(ILogger logger, string scope, ModelRole role, int version);

    [LoggerMessage(8102, LogLevel.Error, "Model {Scope}/{Role} version {Version} cannot be loaded on this silo ({Reason}); the slot keeps the model it had")]
    private static partial void LogUnloadable(ILogger logger, string scope, ModelRole role, int version, string reason);

    [LoggerMessage(8103, LogLevel.Error, "A model refresh pass failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
