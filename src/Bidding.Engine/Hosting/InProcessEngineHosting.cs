using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bidding.Engine.Hosting;

/// <summary>
/// The engine on a one-silo Orleans host in memory, on the caller's clock, without its background services, and events
/// delivered when the caller says (<see cref="InProcessEventSink"/>): the engine's tests and the in-process simulator
/// drive it themselves.
/// </summary>
internal static class InProcessEngineHosting
{
    /// <summary>
    /// Orleans' own loops stay on real time (messaging timeouts, membership, directory, activation collection, the
    /// streams' agents): advancing a simulated clock would otherwise rush them, and not advancing it stall them. Grains
    /// and the engine follow the caller's clock.
    /// </summary>
    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, StreamingTimeProviderNames.Streaming,
    ];

    public static HostApplicationBuilder AddInProcessEngine(this HostApplicationBuilder builder, TimeProvider clock, int siloPort, int gatewayPort)
    {
        builder.Services.AddSingleton(clock);
        foreach (var area in RealTimeAreas)
            builder.Services.AddKeyedSingleton(area, TimeProvider.System);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort)
            .AddMemoryGrainStorage(GrainTypes.Storage));
        builder.Services.AddBiddingEngine(backgroundWork: false);
        builder.Services.AddSingleton<InProcessEventSink>();
        builder.Services.AddSingleton<ITrackingEventSink>(sp => sp.GetRequiredService<InProcessEventSink>());
        return builder;
    }
}
