using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Bidding.Testing;

/// <summary>
/// A silo whose default <see cref="TimeProvider"/> is a fake clock (the engine and its grains follow it) keeps
/// Orleans' own loops on real time: messaging timeouts, membership, directory, activation collection and the
/// streams' pulling agents. Otherwise advancing the fake clock would rush them, and not advancing it stall them.
/// </summary>
public static class OrleansClocks
{
    private static readonly string[] Areas =
    [
        TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, StreamingTimeProviderNames.Streaming,
    ];

    public static IServiceCollection PinOrleansToSystemTime(this IServiceCollection services)
    {
        foreach (var area in Areas)
            services.AddKeyedSingleton(area, TimeProvider.System);
        return services;
    }
}
