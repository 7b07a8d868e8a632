using Bidding.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Configuration.Overrides;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Bidding.Orleans.Postgres;

/// <summary>Registers the PostgreSQL cluster profile on a silo.</summary>
public static class PostgresClusterSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql's provider factory.</summary>
    internal const string Invariant = "Npgsql";

    /// <summary>
    /// Clusters the silo through Orleans' ADO.NET membership on PostgreSQL, adds Orleans' ADO.NET grain
    /// storage as <see cref="PostgresClusterOptions.StorageName"/> (keys kept as text, see
    /// <see cref="StoredGrainKey"/>), registers an <see cref="IGrainStateFeed"/> over it keyed by the same
    /// name, and (unless turned off) applies <see cref="PostgresSchema"/> early in silo start. Calling it
    /// again with the same options does nothing; with different ones it throws.
    /// </summary>
    /// <param name="configureStorage">Further settings for the grain storage, e.g. its
    /// <see cref="AdoNetGrainStorageOptions.GrainStorageSerializer"/>. Without one, a serializer registered as a
    /// keyed <see cref="IGrainStorageSerializer"/> under the storage name is used, else Orleans' default.</param>
    public static ISiloBuilder UsePostgresCluster(
        this ISiloBuilder builder,
        Action<PostgresClusterOptions> configure,
        Action<AdoNetGrainStorageOptions>? configureStorage = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgresClusterOptions();
        configure(options);
        PostgresClusterOptionsValidator.ThrowIfInvalid(options);
        var registration = new PostgresClusterRegistration(options.ConnectionString, options.StorageName, options.ApplySchemaOnStart);

        var services = builder.Services;
        var existing = services
            .Where(d => d.ServiceType == typeof(PostgresClusterRegistration))
            .Select(d => d.ImplementationInstance)
            .OfType<PostgresClusterRegistration>()
            .FirstOrDefault();
        if (existing is not null)
        {
            return existing == registration
                ? builder
                : throw new InvalidOperationException($"{nameof(UsePostgresCluster)} was already called with other options (storage '{existing.StorageName}'); a silo has one cluster profile.");
        }
        services.AddSingleton(registration);
        services.AddOptions<PostgresClusterOptions>().Configure(configure);
        services.AddSingleton<IValidateOptions<PostgresClusterOptions>>(PostgresClusterOptionsValidator.Instance);

        if (registration.ApplySchemaOnStart)
        {
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
                new PostgresSchemaStartup(registration.ConnectionString, sp.GetRequiredService<ILogger<PostgresSchemaStartup>>()));
        }

        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = registration.ConnectionString;
        });
        AddStorage(services, registration, configureStorage);
        return builder;
    }

    private static void AddStorage(IServiceCollection services, PostgresClusterRegistration registration, Action<AdoNetGrainStorageOptions>? configureStorage)
    {
        // Orleans' provider is registered under an inner name; grains reach it through StringKeyGrainStorage
        // under the public one.
        var inner = registration.InnerStorageName;
        services.AddSingleton<IPostConfigureOptions<AdoNetGrainStorageOptions>>(sp => new PostConfigureOptions<AdoNetGrainStorageOptions>(inner, o =>
        {
            // Registered before Orleans' own post-configuration, which would otherwise look the serializer up
            // under the inner name only.
            o.GrainStorageSerializer ??= sp.GetKeyedService<IGrainStorageSerializer>(registration.StorageName)!;
        }));
        services.AddAdoNetGrainStorage(inner, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = registration.ConnectionString;
            configureStorage?.Invoke(o);
        });
        services.AddGrainStorage(registration.StorageName, (sp, _) => new StringKeyGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(inner)));
        services.AddKeyedSingleton<IGrainStateFeed>(registration.StorageName, (sp, _) =>
            new PostgresGrainStateFeed(registration.ConnectionString, sp.GetProviderClusterOptions(inner).Value.ServiceId));
    }
}
