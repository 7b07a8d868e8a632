using Bidding.Orleans.EventLog;

namespace Bidding.Orleans.Tests.EventLog;

public sealed class SqliteEventLogTests : EventLogContractTests
{
    private readonly SqliteFolder _folder = new();

    private protected override IEventLogStore OpenStore() => new SqliteEventLogStore(_folder.Events);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
