using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>Adds event-log stream providers to a silo, as Orleans' own persistent stream providers are added.</summary>
public static class EventLogStreamHostingExtensions
{
    /// <summary>
    /// Adds a persistent stream provider named <paramref name="name"/> over our durable event log (SQLite,
    /// PostgreSQL or in memory). Producers (grains, or endpoints through the silo's <c>IClusterClient</c>)
    /// get <c>GetStreamProvider(name).GetStream&lt;T&gt;(streamId)</c>, whose <c>OnNextAsync</c> completes once the
    /// event is durable; implicit subscribers (<c>[ImplicitStreamSubscription]</c>) receive each event at
    /// least once, in order per stream, with a token to skip repeats. Calling it again with the same name adds
    /// to the configuration instead of adding a second provider.
    /// </summary>
    /// <param name="configureStreams">Orleans' own settings of the provider (pulling agent, queue balancer, pub-sub), applied after ours.</param>
    public static ISiloBuilder AddEventLogStreams(this ISiloBuilder builder, string name, Action<EventLogStreamOptions> configure,
        Action<ISiloPersistentStreamConfigurator>? configureStreams = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.Configure(name, configure);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(Registered) && Equals(d.ServiceKey, name)))
        {
            configureStreams?.Invoke(new ExistingProvider(name, services));
            return builder;
        }

        services.AddKeyedSingleton<Registered>(name);
        services.AddSingleton(sp => EventLogStreamOptionsValidator.Create(sp, name));
        services.AddKeyedSingleton<IEventLogStreamWriter>(name, (sp, key) =>
            ((EventLogAdapterFactory)sp.GetRequiredKeyedService<IQueueAdapterFactory>(key)).Adapter);
        builder.AddPersistentStreams(name, EventLogAdapterFactory.Create, streams =>
        {
            // Our consumers subscribe implicitly: no pub-sub grain storage is needed.
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<EventLogStreamOptions>>(
                (pulling, ours) => pulling.GetQueueMsgsTimerPeriod = ours.Get(name).PollInterval));
            configureStreams?.Invoke(streams);
        });
        return builder;
    }

    /// <summary>Marks a provider name as registered, so a second call does not register it twice.</summary>
    private sealed class Registered;

    /// <summary>Orleans' configurator shape over a provider that is already registered.</summary>
    private sealed class ExistingProvider(string name, IServiceCollection services) : ISiloPersistentStreamConfigurator
    {
        public string Name { get; } = name;

        public Action<Action<IServiceCollection>> ConfigureDelegate { get; } = configure => configure(services);
    }
}
