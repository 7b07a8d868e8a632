using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Engine.Grains;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Bidding.Silo.Tests.Api;

public sealed class TransientFailureTests
{
    [Fact]
    public async Task An_unreachable_store_gives_503_with_retry_after_not_500()
    {
        await using var silo = new UnreachableStoreSilo();
        var response = await silo.Admin().PostAsJsonAsync("/api/v1/advertisers", new { id = "adv-x", name = "X", domain = "x.example", currency = "USD" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }

    private sealed class UnreachableStoreSilo : SiloFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddKeyedSingleton<IGrainStorage>(GrainTypes.Storage, new UnreachableStorage()));
        }
    }

    /// <summary>Every grain read or write times out, as a lost database would.</summary>
    private sealed class UnreachableStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new TimeoutException("store unreachable");

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new TimeoutException("store unreachable");

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new TimeoutException("store unreachable");
    }
}
