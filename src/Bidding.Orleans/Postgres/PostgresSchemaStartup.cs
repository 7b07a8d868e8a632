using Microsoft.Extensions.Logging;

namespace Bidding.Orleans.Postgres;

/// <summary>
/// Brings the schema up to date while the silo starts. Membership first reads the table at
/// <see cref="ServiceLifecycleStage.RuntimeGrainServices"/> and grain storage loads its queries at
/// <see cref="ServiceLifecycleStage.ApplicationServices"/>; this runs at
/// <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, before both.
/// </summary>
internal sealed partial class PostgresSchemaStartup(string connectionString, ILogger<PostgresSchemaStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaStartup), ServiceLifecycleStage.RuntimeInitialize, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
            LogSchemaReady(logger, PostgresSchema.CurrentVersion, applied);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSchemaFailed(logger, e);
            throw;
        }
    }

    [LoggerMessage(7200, LogLevel.Information, "PostgreSQL cluster schema at version {Version} ({Applied} migrations applied by this silo)")]
    private static partial void LogSchemaReady(ILogger logger, int version, int applied);

    [LoggerMessage(7201, LogLevel.Error, "Could not bring the PostgreSQL cluster schema up to date; the silo cannot start")]
    private static partial void LogSchemaFailed(ILogger logger, Exception exception);
}
