using Bidding.Runtime.Postgres;
using Bidding.Runtime.Postgres.Storage;
using Bidding.Runtime.Storage;
using Bidding.Runtime.Tests.Storage;
using Bidding.Testing;
using Npgsql;

namespace Bidding.Runtime.Tests.Postgres;

/// <summary>The storage contract on PostgreSQL, plus the change feed and the schema migration.</summary>
public sealed class PostgresGrainStorageTests : GrainStorageContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private PostgresGrainStorage? _storage;

    protected override IGrainStorage Storage => _storage!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await PostgresSchema.EnsureAsync(_dataSource);
        _storage = new PostgresGrainStorage(_dataSource);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    [Fact]
    public Task The_change_feed_gives_each_grain_once_with_its_latest_state_in_write_order() => ChangeFeedContract.AssertChangeFeedAsync(_storage!);

    [Fact]
    public async Task The_schema_is_migrated_once_even_when_silos_start_together()
    {
        await using var fresh = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresSchema.EnsureAsync(fresh)));
        Assert.Equal(PostgresSchema.CurrentVersion, applied.Sum());
        Assert.Equal(0, await PostgresSchema.EnsureAsync(fresh));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        await using var command = _dataSource!.CreateCommand("UPDATE bidding_schema SET version = version + 1");
        await command.ExecuteNonQueryAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.EnsureAsync(_dataSource));
        Assert.Contains("newer than this build", error.Message);
    }
}
