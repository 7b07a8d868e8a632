using System.Security.Cryptography;

namespace Bidding.Engine.Models;

/// <summary>Puts a model into the registry: checked against the feature contract first, its bytes stored once by their SHA-256, then added as a version.</summary>
public static class ModelPublisher
{
    /// <exception cref="ModelContractException">The model cannot be scored by this bidder; nothing is stored.</exception>
    public static async Task<ModelVersionInfo> PublishAsync(IGrainFactory grains, string scope, ModelRole role, byte[] model, string? note, bool activate)
    {
        string input, output;
        int hashBits;
        using (var loaded = BidModel.Load(model))
            (input, output, hashBits) = (loaded.Inputs[0].ToString(), loaded.Outputs[0].ToString(), loaded.HashBits);
        var sha = Convert.ToHexStringLower(SHA256.HashData(model));
        await grains.GetGrain<IModelBlobGrain>(sha).SaveAsync(model);
        return await grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).AddAsync(
            new ModelAdded(scope, role, sha, model.Length, hashBits, input, output, note, activate));
    }
}
