using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bidding.Orleans.Tests.Storage;

/// <summary>Orleans serialization for storage tests that run without a silo: what a silo would give a provider.</summary>
public static class StorageTestServices
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(ContractState).Assembly))
        .BuildServiceProvider();

    /// <summary>Orleans' binary grain state serializer; the contract suite decodes feed entries with it.</summary>
    public static IGrainStorageSerializer Serializer { get; } = new OrleansGrainStorageSerializer(Services.GetRequiredService<Serializer>());

    public static IActivatorProvider Activators { get; } = Services.GetRequiredService<IActivatorProvider>();
}
