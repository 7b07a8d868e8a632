namespace Bidding.Engine.Campaigns;

/// <summary>A buyer: owns campaigns and the API keys that may manage them.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.Advertiser")]
public sealed class Advertiser : IDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The advertiser's landing domain, reported as <c>adomain</c> when a creative names none.</summary>
    public string? Domain { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>SHA-256 hashes (hex) of the advertiser's API keys; the keys themselves are never stored.</summary>
    public List<string> ApiKeyHashes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Increases with every stored change; set by the owning grain, ignored on input.</summary>
    public long Revision { get; set; }
}
