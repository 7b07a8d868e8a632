using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Grains;

/// <summary>Owns one advertiser's definition and API key hashes.</summary>
[Alias("bidding.advertiser")]
public interface IAdvertiserGrain : IGrainWithStringKey
{
    Task<Advertiser?> GetAsync();

    /// <summary>Creates or replaces the advertiser; keys and creation time are kept.</summary>
    Task<Advertiser> SaveAsync(Advertiser advertiser);

    Task<Advertiser?> AddApiKeyHashAsync(string hash);
}

/// <summary>Owns one campaign's definition.</summary>
[Alias("bidding.campaign")]
public interface ICampaignGrain : IGrainWithStringKey
{
    Task<Campaign?> GetAsync();

    Task<Campaign> SaveAsync(Campaign campaign);

    Task<Campaign?> SetStatusAsync(CampaignStatus status);
}

/// <summary>Owns one creative's definition.</summary>
[Alias("bidding.creative")]
public interface ICreativeGrain : IGrainWithStringKey
{
    Task<Creative?> GetAsync();

    Task<Creative> SaveAsync(Creative creative);

    Task<bool> DeleteAsync();
}

/// <summary>
/// The stable grain type names: each is the grain's Orleans grain type and the name of its persisted
/// state (<c>[PersistentState(name, GrainTypes.Storage)]</c>), stored with the state: never rename.
/// </summary>
public static class GrainTypes
{
    /// <summary>The grain storage every engine grain persists to.</summary>
    public const string Storage = "bidding";

    public const string Advertiser = "advertiser";
    public const string Campaign = "campaign";
    public const string Creative = "creative";
    public const string CampaignStats = "campaign-stats";
    public const string BudgetPacer = "budget-pacer";

    /// <summary>The creative arms of one campaign (earlier one grain per creative, "creative-arm").</summary>
    public const string CreativeArms = "creative-arms";
    public const string Shading = "shading";
    public const string ModelRegistry = "model-registry";
    public const string ModelBlob = "model-blob";
}
