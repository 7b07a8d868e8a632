namespace Bidding.Engine.Campaigns;

/// <summary>What every definition (advertiser, campaign, creative) carries: its id, its timestamps and its revision.</summary>
public interface IDefinition
{
    string Id { get; set; }
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
    long Revision { get; set; }
}
