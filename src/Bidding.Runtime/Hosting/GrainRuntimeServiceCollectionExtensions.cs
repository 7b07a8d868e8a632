using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;
using Bidding.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bidding.Runtime.Hosting;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the local grain runtime (idempotent); <paramref name="configure"/> registers grains and storage.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeBuilder> configure)
    {
        var registry = FindRegistry(services);
        if (registry is null)
        {
            registry = new GrainTypeRegistry();
            services.AddSingleton(registry);
            services.AddOptions<RuntimeOptions>().BindConfiguration("Runtime").ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<IGrainStorage, InMemoryGrainStorage>();
            services.AddOptions<EventLogOptions>().BindConfiguration("Events").ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton<IEventLogStore, InMemoryEventLogStore>();
            services.AddSingleton<IEventLog, GroupCommitEventLog>();
            services.AddSingleton<GrainRuntime>();
            services.AddSingleton(sp => sp.GetRequiredService<GrainRuntime>().Factory);
            services.AddHostedService<IdleCollector>();
        }
        configure(new GrainRuntimeBuilder(services, registry));
        return services;
    }

    private static GrainTypeRegistry? FindRegistry(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(GrainTypeRegistry) && descriptor.ImplementationInstance is GrainTypeRegistry registry)
                return registry;
        }
        return null;
    }
}
