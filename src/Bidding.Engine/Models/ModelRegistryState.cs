namespace Bidding.Engine.Models;

/// <summary>One uploaded version of a model: its content hash (the blob's key) and what was checked at upload.</summary>
[GenerateSerializer, Alias("bidding.ModelVersionInfo")]
public sealed record ModelVersionInfo(int Version, string Sha256, long Bytes, int HashBits, string Input, string Output, DateTimeOffset UploadedAt, string? Note);

/// <summary>The versions of one (scope, role), the active one (scored on every bid) and an optional shadow (scored alongside, for comparison).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.ModelSlot")]
public sealed class ModelSlot
{
    public string Scope { get; set; } = "";
    public ModelRole Role { get; set; }
    public List<ModelVersionInfo> Versions { get; set; } = [];
    public int? Active { get; set; }
    public int? Shadow { get; set; }
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.ModelRegistryState")]
public sealed class ModelRegistryState
{
    /// <summary>By <see cref="ModelScopes.Key"/>.</summary>
    public Dictionary<string, ModelSlot> Slots { get; set; } = [];

    /// <summary>Increases with every change silos must load.</summary>
    public long Revision { get; set; }
}

/// <summary>A model's bytes, stored once per content hash.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.ModelBlobState")]
public sealed class ModelBlobState
{
    public byte[] Data { get; set; } = [];
}

/// <summary>What every silo should be scoring with: per slot, the active and shadow versions' content hashes.</summary>
[GenerateSerializer, Alias("bidding.ModelDeployment")]
public sealed record ModelDeployment(long Revision, IReadOnlyList<DeployedSlot> Slots);

[GenerateSerializer, Alias("bidding.DeployedSlot")]
public sealed record DeployedSlot(string Scope, ModelRole Role, int Version, string Sha256, int? ShadowVersion, string? ShadowSha256);

/// <summary>A model checked and stored, to be added to its slot.</summary>
[GenerateSerializer, Alias("bidding.ModelAdded")]
public sealed record ModelAdded(string Scope, ModelRole Role, string Sha256, long Bytes, int HashBits, string Input, string Output, string? Note, bool Activate);
