namespace Bidding.Engine.Campaigns;

/// <summary>What every definition (advertiser, campaign, creative) carries: its id and its timestamps.</summary>
public interface IDefinition
{
    string Id { get; set; }
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}
