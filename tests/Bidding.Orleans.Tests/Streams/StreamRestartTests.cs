using Bidding.Orleans.Streams;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>
/// The checkpoint across cluster restarts on one SQLite file (and one PostgreSQL database, in
/// <see cref="PostgresStreamTests"/>): what was delivered and confirmed is not delivered again, what
/// was not is, and a consumer that dedupes by token applies everything exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamRestartTests : IDisposable
{
    private readonly SqliteFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private void Store(EventLogStreamOptions options) => options.UseSqlite(_folder.Events);

    [Fact]
    public Task After_a_restart_confirmed_events_are_not_delivered_again_and_new_ones_are() =>
        RestartScenarios.ConfirmedEventsAreNotRepeatedAsync(Store);

    [Fact]
    public Task After_a_crash_before_the_checkpoint_repeats_carry_tokens_the_consumer_skips() =>
        RestartScenarios.UnconfirmedEventsAreRepeatedAndSkippedAsync(Store);
}
