using Bidding.Testing;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>The provider on PostgreSQL (the cluster profile): order and restarts, as on SQLite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresStreamTests
{
    [Fact]
    public async Task On_postgres_events_arrive_in_order_and_a_restarted_cluster_resumes_after_the_checkpoint()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await RestartScenarios.ConfirmedEventsAreNotRepeatedAsync(options => options.UsePostgres(database));
    }

    [Fact]
    public async Task On_postgres_unconfirmed_events_are_repeated_after_a_crash_and_skipped_by_token()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await RestartScenarios.UnconfirmedEventsAreRepeatedAndSkippedAsync(options => options.UsePostgres(database));
    }
}
