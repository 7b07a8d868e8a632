using Bidding.Engine.Campaigns;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Grains;

/// <summary>Owns one advertiser's definition and API key hashes.</summary>
public interface IAdvertiserGrain : IGrain
{
    Task<Advertiser?> GetAsync();

    /// <summary>Creates or replaces the advertiser; keys and creation time are kept.</summary>
    Task<Advertiser> SaveAsync(Advertiser advertiser);

    Task<Advertiser?> AddApiKeyHashAsync(string hash);
}

/// <summary>Owns one campaign's definition.</summary>
public interface ICampaignGrain : IGrain
{
    Task<Campaign?> GetAsync();

    Task<Campaign> SaveAsync(Campaign campaign);

    Task<Campaign?> SetStatusAsync(CampaignStatus status);
}

/// <summary>Owns one creative's definition.</summary>
public interface ICreativeGrain : IGrain
{
    Task<Creative?> GetAsync();

    Task<Creative> SaveAsync(Creative creative);

    Task<bool> DeleteAsync();
}

/// <summary>The stable grain type names (stored with state: never rename).</summary>
public static class GrainTypes
{
    public const string Advertiser = "advertiser";
    public const string Campaign = "campaign";
    public const string Creative = "creative";
    public const string CampaignStats = "campaign-stats";
    public const string BudgetPacer = "budget-pacer";
    public const string CreativeArm = "creative-arm";
    public const string Shading = "shading";
    public const string ModelRegistry = "model-registry";
    public const string ModelBlob = "model-blob";
}
