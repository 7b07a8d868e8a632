using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Grains;

namespace Bidding.Engine.Catalog;

/// <summary>
/// The JSON shape of definitions and grain states in storage (and of definitions in the platform API):
/// camelCase, enums as camelCase strings. Definitions and grain states are source-generated;
/// other types fall back to reflection.
/// </summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(EngineJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Advertiser))]
[JsonSerializable(typeof(Campaign))]
[JsonSerializable(typeof(Creative))]
[JsonSerializable(typeof(CampaignStatus))]
[JsonSerializable(typeof(DefinitionState<Advertiser>))]
[JsonSerializable(typeof(DefinitionState<Campaign>))]
[JsonSerializable(typeof(DefinitionState<Creative>))]
[JsonSerializable(typeof(Events.CampaignStatsState))]
[JsonSerializable(typeof(Budget.BudgetPacerState))]
[JsonSerializable(typeof(Learning.CreativeArmState))]
[JsonSerializable(typeof(Learning.CreativeArmsState))]
[JsonSerializable(typeof(Learning.ArmSnapshot))]
[JsonSerializable(typeof(Learning.ShadingState))]
[JsonSerializable(typeof(Learning.ShadingSnapshot))]
[JsonSerializable(typeof(Models.ModelRegistryState))]
[JsonSerializable(typeof(Models.ModelBlobState))]
[JsonSerializable(typeof(Models.ModelVersionInfo))]
[JsonSerializable(typeof(Models.ModelSlot))]
[JsonSerializable(typeof(byte[]))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
