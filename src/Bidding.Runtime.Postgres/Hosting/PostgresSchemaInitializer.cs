using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bidding.Runtime.Postgres.Hosting;

/// <summary>Creates or migrates the schema before anything else in the silo touches the database.</summary>
internal sealed partial class PostgresSchemaInitializer(NpgsqlDataSource dataSource, ILogger<PostgresSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await PostgresSchema.EnsureAsync(dataSource, cancellationToken);
        LogSchema(logger, PostgresSchema.CurrentVersion, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(3201, LogLevel.Information, "PostgreSQL schema at version {Version} ({Applied} migrations applied now)")]
    private static partial void LogSchema(ILogger logger, int version, int applied);
}
