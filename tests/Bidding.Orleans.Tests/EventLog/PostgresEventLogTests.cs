using Bidding.Orleans.EventLog;
using Bidding.Testing;
using Npgsql;

namespace Bidding.Orleans.Tests.EventLog;

public sealed class PostgresEventLogTests : EventLogContractTests
{
    private NpgsqlDataSource? _dataSource;

    private protected override IEventLogStore OpenStore() => new PostgresEventLogStore(_dataSource!);

    public override async Task InitializeAsync() => _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }
}
