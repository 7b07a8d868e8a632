using Bidding.Orleans.EventLog;
using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.Tests.EventLog;

public sealed class SqliteEventLogTests : EventLogContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bidding-eventlog-").FullName;

    private protected override IEventLogStore OpenStore() => new SqliteEventLogStore(Path.Combine(_directory, "events.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
