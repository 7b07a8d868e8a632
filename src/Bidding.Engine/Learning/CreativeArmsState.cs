using Bidding.Engine.Events;

namespace Bidding.Engine.Learning;

/// <summary>The posteriors of every creative of one campaign that has had an impression, click or conversion.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.CreativeArmsState")]
public sealed class CreativeArmsState : ICampaignEventState
{
    /// <summary>By creative id.</summary>
    public Dictionary<string, CreativeArmState> Arms { get; set; } = new(StringComparer.Ordinal);

    public StreamCursor Cursor { get; set; } = new();
}
