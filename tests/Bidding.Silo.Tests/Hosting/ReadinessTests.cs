using System.Net;
using System.Text.Json;
using Bidding.Engine.Grains;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Bidding.Silo.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public async Task A_silo_that_can_write_its_state_and_events_is_ready()
    {
        await using var silo = new SiloFactory();
        var response = await silo.CreateClient().GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("activeSilos").GetInt32());
    }

    [Fact]
    public async Task A_silo_whose_grain_storage_refuses_writes_is_not_ready_and_says_why()
    {
        await using var silo = new ReadOnlyStoreSilo();
        var response = await silo.CreateClient().GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("grain storage not writable: IOException", body.GetProperty("reason").GetString());
        // Liveness is another question: the process answers.
        Assert.Equal(HttpStatusCode.OK, (await silo.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    private sealed class ReadOnlyStoreSilo : SiloFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddKeyedSingleton<IGrainStorage>(GrainTypes.Storage, new ReadOnlyStorage()));
        }
    }

    /// <summary>Reads find nothing; every write fails as on a full disk.</summary>
    private sealed class ReadOnlyStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new IOException("disk full");

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new IOException("disk full");
    }
}
