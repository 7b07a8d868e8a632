using Bidding.Runtime.Cluster;
using Bidding.Runtime.Postgres;
using Bidding.Runtime.Postgres.Membership;
using Bidding.Testing;
using Npgsql;

namespace Bidding.Runtime.Tests.Cluster;

/// <summary>What every membership table must do.</summary>
public abstract class MembershipTableContractTests
{
    private static readonly SiloAddress A = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("10.0.0.2", 11111, 1);

    protected abstract IMembershipTable Table { get; }

    [Fact]
    public async Task Joined_silos_are_active_and_every_change_bumps_the_version()
    {
        var empty = await Table.ReadAsync();
        await Table.JoinAsync(A);
        var one = await Table.ReadAsync();
        await Table.JoinAsync(B);
        var two = await Table.ReadAsync();

        Assert.Empty(empty.Entries);
        Assert.True(one.Version > empty.Version);
        Assert.True(two.Version > one.Version);
        Assert.Equal([A, B], MembershipView.From(two).Active.OrderBy(s => s.Host));
    }

    [Fact]
    public async Task A_heartbeat_does_not_change_the_view_version()
    {
        await Table.JoinAsync(A);
        var before = await Table.ReadAsync();
        Assert.Equal(SiloStatus.Active, await Table.HeartbeatAsync(A));
        var after = await Table.ReadAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.True(after.Entries[0].HeartbeatAt >= before.Entries[0].HeartbeatAt);
        Assert.Null(await Table.HeartbeatAsync(B));
    }

    [Fact]
    public async Task A_silo_is_declared_dead_only_after_its_heartbeats_stop_and_then_learns_it()
    {
        await Table.JoinAsync(A);
        Assert.False(await Table.DeclareDeadAsync(A, TimeSpan.FromMinutes(5)));

        await Task.Delay(50); // let the table's clock pass the last heartbeat
        Assert.True(await Table.DeclareDeadAsync(A, TimeSpan.FromMilliseconds(10)));
        Assert.False(await Table.DeclareDeadAsync(A, TimeSpan.FromMilliseconds(10)));

        Assert.Equal(SiloStatus.Dead, await Table.HeartbeatAsync(A));
        Assert.False(await Table.UpdateStatusAsync(A, SiloStatus.Active));
        Assert.Empty(MembershipView.From(await Table.ReadAsync()).Active.ToArray());
    }

    [Fact]
    public async Task A_leaving_silo_drops_out_of_the_view()
    {
        await Table.JoinAsync(A);
        await Table.JoinAsync(B);
        Assert.True(await Table.UpdateStatusAsync(A, SiloStatus.ShuttingDown));
        Assert.Equal([B], MembershipView.From(await Table.ReadAsync()).Active.ToArray());
        Assert.True(await Table.UpdateStatusAsync(A, SiloStatus.Dead));
        Assert.Equal(SiloStatus.Dead, (await Table.ReadAsync()).Entries.Single(e => e.Silo == A).Status);
    }

    [Fact]
    public async Task A_restarted_silo_is_a_new_member()
    {
        await Table.JoinAsync(A);
        await Table.UpdateStatusAsync(A, SiloStatus.Dead);
        var restarted = A with { Generation = 2 };
        await Table.JoinAsync(restarted);
        Assert.Equal([restarted], MembershipView.From(await Table.ReadAsync()).Active.ToArray());
    }
}

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    protected override IMembershipTable Table { get; } = new InMemoryMembershipTable(TimeProvider.System);
}

public sealed class PostgresMembershipTableTests : MembershipTableContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private IMembershipTable? _table;

    protected override IMembershipTable Table => _table!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await PostgresSchema.EnsureAsync(_dataSource);
        _table = new PostgresMembershipTable(_dataSource, "test");
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task A_join_sweeps_silos_dead_for_over_a_day()
    {
        var old = new SiloAddress("h", 1, 1);
        var recent = new SiloAddress("h", 1, 2);
        await Table.JoinAsync(old);
        await Table.JoinAsync(recent);
        await Table.UpdateStatusAsync(old, SiloStatus.Dead);
        await Table.UpdateStatusAsync(recent, SiloStatus.Dead);
        await using (var age = _dataSource!.CreateCommand("UPDATE silo_membership SET heartbeat_at = now() - interval '2 days' WHERE generation = 1"))
            await age.ExecuteNonQueryAsync();

        await Table.JoinAsync(new SiloAddress("h", 1, 3));
        Assert.Equal([2L, 3L], (await Table.ReadAsync()).Entries.Select(e => e.Silo.Generation).Order());
    }

    [Fact]
    public async Task Clusters_sharing_a_database_do_not_see_each_other()
    {
        var other = new PostgresMembershipTable(_dataSource!, "other");
        await Table.JoinAsync(new SiloAddress("h", 1, 1));
        Assert.Empty((await other.ReadAsync()).Entries);
    }
}
