using Bidding.Engine.Grains;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Bidding.Silo.Tests.Fixtures;

/// <summary>An in-process silo whose grain storage fails as a broken store would.</summary>
/// <param name="read">What a read throws; null: reads find nothing stored.</param>
/// <param name="write">What a write or clear throws.</param>
internal sealed class BrokenStoreSilo(Func<Exception>? read, Func<Exception> write) : SiloFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddKeyedSingleton<IGrainStorage>(GrainTypes.Storage, new BrokenStorage(read, write)));
    }

    private sealed class BrokenStorage(Func<Exception>? read, Func<Exception> write) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            read is null ? Task.CompletedTask : throw read();

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw write();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw write();
    }
}
