using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Bidding.Runtime.Remoting;
using Bidding.Runtime.Storage;
using Bidding.Runtime.Streams;
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

    /// <summary>Grain state and the event log in memory: nothing survives a restart.</summary>
    public GrainRuntimeBuilder UseInMemoryStorage()
    {
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage, InMemoryGrainStorage>());
        Services.RemoveAll<IGrainChangeFeed>();
        Services.Replace(ServiceDescriptor.Singleton<IEventLogStore, InMemoryEventLogStore>());
        return this;
    }

    /// <summary>Grain state in the SQLite file at <paramref name="path"/>, the event log in <c>events.db</c> beside it.</summary>
    public GrainRuntimeBuilder UseSqliteStorage(string path)
    {
        Services.Replace(ServiceDescriptor.Singleton(_ => new SqliteGrainStorage(path)));
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage>(sp => sp.GetRequiredService<SqliteGrainStorage>()));
        Services.Replace(ServiceDescriptor.Singleton<IGrainChangeFeed>(sp => sp.GetRequiredService<SqliteGrainStorage>()));
        var events = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", "events.db");
        Services.Replace(ServiceDescriptor.Singleton<IEventLogStore>(_ => new SqliteEventLogStore(events)));
        return this;
    }

    /// <summary>
    /// Makes this silo a member of a cluster: it joins <paramref name="membershipTable"/>, owns the
    /// grains placement gives it, calls the others over HTTP/2 on <see cref="ClusterOptions.SiloPort"/>
    /// (map <see cref="GrainCallEndpoint.MapGrainCalls"/>) and hands its grains over when it leaves.
    /// </summary>
    public GrainRuntimeBuilder UseCluster(Func<IServiceProvider, IMembershipTable> membershipTable)
    {
        if (Services.Any(d => d.ServiceType == typeof(ClusterMembership)))
            return this;
        Services.AddOptions<ClusterOptions>().BindConfiguration("Cluster").ValidateDataAnnotations().ValidateOnStart();
        Services.AddSingleton(membershipTable);
        Services.AddSingleton<ClusterMembership>();
        Services.AddHostedService(sp => sp.GetRequiredService<ClusterMembership>());
        Services.AddSingleton<HttpGrainTransport>();
        Services.AddSingleton<GrainMethods>();
        Services.AddSingleton<IGrainCallRouter, ClusterGrainRouter>();
        Services.AddHostedService<GrainHandover>();
        return this;
    }

    public GrainRuntimeBuilder UseStorage(IGrainStorage storage)
    {
        Services.Replace(ServiceDescriptor.Singleton(storage));
        return this;
    }
}
