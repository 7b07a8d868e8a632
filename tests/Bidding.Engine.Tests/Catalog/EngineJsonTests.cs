using System.Text.Json;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Grains;

namespace Bidding.Engine.Tests.Catalog;

public sealed class EngineJsonTests
{
    [Fact]
    public void Definitions_and_grain_states_use_generated_metadata_and_camel_case_enum_names()
    {
        var options = EngineJson.Create();
        foreach (var type in new[] { typeof(Campaign), typeof(Creative), typeof(Advertiser), typeof(DefinitionState<Campaign>) })
            Assert.Same(EngineJsonContext.Default, options.GetTypeInfo(type).OriginatingResolver);

        var json = JsonSerializer.Serialize(new DefinitionState<Campaign> { Value = new Campaign { Id = "c", Status = CampaignStatus.Paused }, Revision = 3 }, options);
        Assert.Contains("\"status\":\"paused\"", json);
        Assert.Contains("\"revision\":3", json);
        var back = JsonSerializer.Deserialize<DefinitionState<Campaign>>(json, options)!;
        Assert.Equal(CampaignStatus.Paused, back.Value!.Status);
    }
}
