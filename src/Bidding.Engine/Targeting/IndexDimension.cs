namespace Bidding.Engine.Targeting;

/// <summary>
/// One targeting dimension of the index: for each value, the campaigns that target it; plus the
/// campaigns that do not restrict this dimension at all ("any"). Filled while the index is built,
/// then frozen into <see cref="CampaignSet"/>s.
/// </summary>
internal sealed class IndexDimension(StringComparer comparer)
{
    private readonly Dictionary<string, List<int>> _building = new(comparer);
    private readonly List<int> _anyBuilding = [];
    private Dictionary<string, CampaignSet> _byValue = new(comparer);

    public CampaignSet Any { get; private set; } = CampaignSet.Empty;

    /// <summary>No campaign restricts this dimension: every one is in <see cref="Any"/>.</summary>
    public bool Unrestricted { get; private set; }

    public void Add(string value, int ordinal)
    {
        if (!_building.TryGetValue(value, out var ordinals))
            _building[value] = ordinals = [];
        ordinals.Add(ordinal);
    }

    public void AddAny(int ordinal) => _anyBuilding.Add(ordinal);

    public void Freeze(int words, int campaigns)
    {
        _byValue = new Dictionary<string, CampaignSet>(_building.Count, _building.Comparer);
        foreach (var (value, ordinals) in _building)
            _byValue[value] = CampaignSet.Of(ordinals, words);
        Any = CampaignSet.Of(_anyBuilding, words);
        Unrestricted = Any.Count == campaigns;
        _building.Clear();
        _anyBuilding.Clear();
    }

    /// <summary>The campaigns that target <paramref name="value"/>, or null.</summary>
    public CampaignSet? Get(string? value) => value is not null && _byValue.TryGetValue(value, out var set) ? set : null;
}
