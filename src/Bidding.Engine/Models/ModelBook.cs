namespace Bidding.Engine.Models;

/// <summary>A model this silo has loaded for a slot: the version it serves and, if any, the shadow scored beside it.</summary>
public sealed record LoadedModel(string Scope, ModelRole Role, int Version, string Sha256, BidModel Model, int? ShadowVersion = null, BidModel? Shadow = null)
{
    /// <summary>How the shadow's predictions compare with the active model's on the same candidates.</summary>
    public ShadowComparison Comparison { get; } = new();
}

/// <summary>Running totals of active vs shadow predictions (thread-safe; probabilities kept in millionths).</summary>
public sealed class ShadowComparison
{
    private long _count, _failures, _active, _shadow, _absoluteDifference;

    public long Count => Interlocked.Read(ref _count);

    public long Failures => Interlocked.Read(ref _failures);

    public double MeanActive => Count == 0 ? 0 : Interlocked.Read(ref _active) / 1e6 / Count;

    public double MeanShadow => Count == 0 ? 0 : Interlocked.Read(ref _shadow) / 1e6 / Count;

    public double MeanAbsoluteDifference => Count == 0 ? 0 : Interlocked.Read(ref _absoluteDifference) / 1e6 / Count;

    internal void Record(float active, float shadow)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _active, (long)(active * 1e6));
        Interlocked.Add(ref _shadow, (long)(shadow * 1e6));
        Interlocked.Add(ref _absoluteDifference, (long)(Math.Abs(active - shadow) * 1e6));
    }

    internal void RecordFailure() => Interlocked.Increment(ref _failures);
}

/// <summary>
/// The models the bid path scores with, swapped as a whole: an advertiser's own model for a role if it
/// has one, else the global one, else none (the creative posteriors stand in).
/// </summary>
public sealed class ModelBook
{
    private volatile Slots _models = new(new Dictionary<string, LoadedModel>(StringComparer.Ordinal));

    public bool IsEmpty => _models.ByKey.Count == 0;

    public IReadOnlyCollection<LoadedModel> All => _models.ByKey.Values;

    /// <summary>The model for <paramref name="role"/> that scores <paramref name="advertiserId"/>'s campaigns, if any. Allocates nothing.</summary>
    public LoadedModel? For(string advertiserId, ModelRole role)
    {
        var models = _models;
        var byScope = models.ByRole[(int)role];
        return byScope.GetValueOrDefault(advertiserId) ?? byScope.GetValueOrDefault(ModelScopes.Global);
    }

    internal LoadedModel? Get(string scope, ModelRole role) => _models.ByKey.GetValueOrDefault(ModelScopes.Key(scope, role));

    internal void Replace(Dictionary<string, LoadedModel> models) => _models = new Slots(models);

    /// <summary>The loaded models by slot key, and by role then scope for the bid path.</summary>
    private sealed class Slots
    {
        public Slots(Dictionary<string, LoadedModel> byKey)
        {
            ByKey = byKey;
            ByRole = [.. Enum.GetValues<ModelRole>().Select(role => byKey.Values.Where(m => m.Role == role).ToDictionary(m => m.Scope, StringComparer.Ordinal))];
        }

        public Dictionary<string, LoadedModel> ByKey { get; }

        public Dictionary<string, LoadedModel>[] ByRole { get; }
    }
}
