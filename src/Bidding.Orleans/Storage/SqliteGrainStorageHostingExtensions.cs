using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Bidding.Orleans.Storage;

/// <summary>Adds SQLite grain storage to a silo, as Orleans' own storage providers are added.</summary>
public static class SqliteGrainStorageHostingExtensions
{
    /// <summary>
    /// Adds SQLite grain storage named <paramref name="name"/> (the storage name of <c>[PersistentState(stateName, name)]</c>).
    /// It is also an <see cref="IGrainStateFeed"/>: <c>services.GetRequiredKeyedService&lt;IGrainStateFeed&gt;(name)</c>.
    /// Calling it again for the same name only adds <paramref name="configure"/>.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the default provider (states whose <c>[PersistentState]</c> names no storage).</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <inheritdoc cref="AddSqliteGrainStorageAsDefault(ISiloBuilder, Action{SqliteGrainStorageOptions})"/>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteGrainStorageOptions> configure) =>
        services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <inheritdoc cref="AddSqliteGrainStorage(ISiloBuilder, string, Action{SqliteGrainStorageOptions})"/>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        if (IsAdded(services, name))
            return services;

        // Fills GrainStorageSerializer, when left unset, from the container: the serializer keyed by this name, else the default.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>());
        services.ConfigureNamedOptionForLogging<SqliteGrainStorageOptions>(name);
        services.AddTransient<IConfigurationValidator>(sp =>
            new SqliteGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, SqliteGrainStorage.Create);
        services.AddKeyedSingleton<IGrainStateFeed>(name, static (sp, key) => (IGrainStateFeed)sp.GetRequiredKeyedService<IGrainStorage>(key));
        return services;
    }

    // The feed is registered last and only here: its presence under this name means the rest is there too.
    private static bool IsAdded(IServiceCollection services, string name)
    {
        foreach (var service in services)
        {
            if (service.IsKeyedService && service.ServiceType == typeof(IGrainStateFeed) && Equals(service.ServiceKey, name))
                return true;
        }
        return false;
    }
}
