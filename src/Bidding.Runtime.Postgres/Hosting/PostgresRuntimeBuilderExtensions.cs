using Bidding.Runtime.Cluster;
using Bidding.Runtime.Hosting;
using Bidding.Runtime.Postgres.Membership;
using Bidding.Runtime.Postgres.Storage;
using Bidding.Runtime.Postgres.Streams;
using Bidding.Runtime.Storage;
using Bidding.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bidding.Runtime.Postgres.Hosting;

public static class PostgresRuntimeBuilderExtensions
{
    /// <summary>
    /// Runs the silo as a cluster member on PostgreSQL: grain storage, change feed, event log and
    /// membership table in the database at <paramref name="connectionString"/>, whose schema the silo creates
    /// or migrates at start.
    /// </summary>
    public static GrainRuntimeBuilder UsePostgresCluster(this GrainRuntimeBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(PostgresSchemaInitializer)))
            return builder;
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<PostgresSchemaInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresSchemaInitializer>());
        services.AddSingleton<PostgresGrainStorage>();
        services.Replace(ServiceDescriptor.Singleton<IGrainStorage>(sp => sp.GetRequiredService<PostgresGrainStorage>()));
        services.Replace(ServiceDescriptor.Singleton<IGrainChangeFeed>(sp => sp.GetRequiredService<PostgresGrainStorage>()));
        services.Replace(ServiceDescriptor.Singleton<IEventLogStore>(sp => new PostgresEventLogStore(sp.GetRequiredService<NpgsqlDataSource>())));
        return builder.UseCluster(sp => new PostgresMembershipTable(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
    }
}
