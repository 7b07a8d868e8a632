using Bidding.Orleans.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>Registration and options of the provider.</summary>
public sealed class EventLogStreamHostingTests
{
    [Fact]
    public void Adding_the_provider_twice_registers_it_once_with_both_configurations()
    {
        var host = Host.CreateApplicationBuilder();
        host.UseOrleans(silo => silo
            .AddEventLogStreams("events", options => options.UseInMemory())
            .AddEventLogStreams("events", options => options.Partitions = 4, streams => streams.ConfigurePullingAgent(agent => agent.Configure(o => o.MaxEventDeliveryTime = TimeSpan.FromMinutes(7))))
            .AddEventLogStreams("other", options => options.UseInMemory()));

        Assert.Single(host.Services, d => d.IsKeyedService && d.ServiceType == typeof(IQueueAdapterFactory) && Equals(d.ServiceKey, "events"));
        Assert.Single(host.Services, d => d.IsKeyedService && d.ServiceType == typeof(IStreamProvider) && Equals(d.ServiceKey, "events"));
        Assert.Single(host.Services, d => d.IsKeyedService && d.ServiceType == typeof(IQueueAdapterFactory) && Equals(d.ServiceKey, "other"));
        using var services = host.Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptionsMonitor<EventLogStreamOptions>>().Get("events");
        Assert.Equal((EventLogStoreKind.InMemory, 4), (options.Store, options.Partitions));
        var pulling = services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get("events");
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(7)), (pulling.GetQueueMsgsTimerPeriod, pulling.MaxEventDeliveryTime));
        Assert.Equal(StreamPubSubType.ImplicitOnly, services.GetRequiredService<IOptionsMonitor<StreamPubSubOptions>>().Get("events").PubSubType);
    }

    [Fact]
    public void Each_wrong_setting_is_named()
    {
        Assert.Equal(["Store is not set: choose Sqlite, Postgres or InMemory."], EventLogStreamOptionsValidator.Problems(new EventLogStreamOptions()));
        Assert.Empty(EventLogStreamOptionsValidator.Problems(new EventLogStreamOptions().UseInMemory()));

        var wrong = new EventLogStreamOptions
        {
            Store = EventLogStoreKind.Sqlite,
            Partitions = 0,
            BatchSize = 0,
            PollInterval = TimeSpan.Zero,
            Retention = TimeSpan.Zero,
        };
        var problems = EventLogStreamOptionsValidator.Problems(wrong);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("SqlitePath", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Partitions", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BatchSize", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("PollInterval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Retention", StringComparison.Ordinal));
        Assert.Empty(EventLogStreamOptionsValidator.Problems(new EventLogStreamOptions { Retention = null }.UsePostgres("Host=db")));
    }

    [Fact]
    public async Task A_silo_without_a_store_does_not_start()
    {
        var error = await StartFailureAsync(silo => silo.AddEventLogStreams("events", _ => { }));

        Assert.Contains("Store is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_that_would_deliver_several_containers_at_once_does_not_start()
    {
        var error = await StartFailureAsync(silo => silo.AddEventLogStreams("events", options => options.UseInMemory(),
            streams => streams.ConfigurePullingAgent(agent => agent.Configure(o => o.BatchContainerBatchSize = 8))));

        Assert.Contains("BatchContainerBatchSize must stay 1", error, StringComparison.Ordinal);
    }

    private static async Task<string> StartFailureAsync(Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => configure(silo));
        await using var cluster = builder.Build();
        return (await Assert.ThrowsAnyAsync<Exception>(cluster.DeployAsync)).ToString();
    }
}
