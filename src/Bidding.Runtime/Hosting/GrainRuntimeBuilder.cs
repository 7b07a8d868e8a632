using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bidding.Runtime.Hosting;

/// <summary>Configures the grain runtime: grain types and the storage provider.</summary>
public sealed class GrainRuntimeBuilder(IServiceCollection services, GrainTypeRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Registers a grain class for an interface; <paramref name="name"/> is stored with its state, so keep it stable.</summary>
    public GrainRuntimeBuilder AddGrain<TInterface, TGrain>(string name) where TInterface : IGrain where TGrain : Grain, TInterface
    {
        registry.Add(typeof(TInterface), typeof(TGrain), name);
        return this;
    }

    public GrainRuntimeBuilder UseInMemoryStorage()
    {
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage, InMemoryGrainStorage>());
        return this;
    }

    public GrainRuntimeBuilder UseSqliteStorage(string path)
    {
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage>(_ => new SqliteGrainStorage(path)));
        return this;
    }

    public GrainRuntimeBuilder UseStorage(IGrainStorage storage)
    {
        Services.Replace(ServiceDescriptor.Singleton(storage));
        return this;
    }
}
