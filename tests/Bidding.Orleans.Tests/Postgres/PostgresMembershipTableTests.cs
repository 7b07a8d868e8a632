using System.Net;
using Bidding.Orleans.Postgres;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// Orleans' ADO.NET membership table driven directly on our schema: the version fencing and row shapes
/// the membership protocol relies on, without silos.
/// </summary>
public sealed class PostgresMembershipTableTests
{
    private const string ClusterId = "membership-test";
    private static readonly DateTime Start = new(2026, 11, 28, 9, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public async Task A_new_table_has_a_version_row_and_no_members()
    {
        var (table, _) = await CreateAsync();

        var data = await table.ReadAllAsync();

        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task Insert_round_trips_every_field_and_bumps_the_version()
    {
        var (table, _) = await CreateAsync();
        var entry = Entry(port: 11111, SiloStatus.Joining);

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        var (read, etag) = Assert.Single(data.Members);
        Assert.Equal("1", etag);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.HostName, read.HostName);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.Equal(entry.ProxyPort, read.ProxyPort);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
    }

    [Fact]
    public async Task Writes_against_a_stale_table_version_are_refused()
    {
        var (table, _) = await CreateAsync();
        var stale = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Joining), stale.Next()));

        Assert.False(await table.InsertRowAsync(Entry(11112, SiloStatus.Joining), stale.Next()));
        // The row etag the provider checks first is the table version, so this reaches the database.
        Assert.False(await table.UpdateRowAsync(Entry(11111, SiloStatus.Active), stale.VersionEtag, stale.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(data.Members).Item1.Status);
    }

    [Fact]
    public async Task Of_two_updates_from_the_same_version_exactly_one_wins()
    {
        var (table, _) = await CreateAsync();
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Joining), (await table.ReadAllAsync()).Version.Next()));
        var version = (await table.ReadAllAsync()).Version;

        var results = await Task.WhenAll(
            Task.Run(() => table.UpdateRowAsync(Entry(11111, SiloStatus.Active), version.VersionEtag, version.Next())),
            Task.Run(() => table.UpdateRowAsync(Entry(11111, SiloStatus.ShuttingDown), version.VersionEtag, version.Next())));

        Assert.Single(results, r => r);
        Assert.Equal(version.Version + 1, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Update_keeps_suspect_votes_and_heartbeats_leave_the_version_alone()
    {
        var (table, _) = await CreateAsync();
        var entry = Entry(11111, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var voter = SiloAddress.New(IPAddress.Loopback, 11112, 7);
        entry.AddOrUpdateSuspector(voter, Start.AddSeconds(5), 2);
        var version = (await table.ReadAllAsync()).Version;
        Assert.True(await table.UpdateRowAsync(entry, version.VersionEtag, version.Next()));

        entry.IAmAliveTime = Start.AddMinutes(1);
        await table.UpdateIAmAliveAsync(entry);

        var data = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(2, data.Version.Version);
        var read = Assert.Single(data.Members).Item1;
        Assert.Equal(Start.AddMinutes(1), read.IAmAliveTime);
        Assert.NotNull(read.SuspectTimes);
        var vote = Assert.Single(read.SuspectTimes);
        Assert.Equal(voter, vote.Item1);
        Assert.Equal(Start.AddSeconds(5), vote.Item2);
    }

    [Fact]
    public async Task Reading_one_row_returns_the_version_even_for_an_unknown_silo()
    {
        var (table, _) = await CreateAsync();
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(11112, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));

        var one = await table.ReadRowAsync(Entry(11112, SiloStatus.Active).SiloAddress);
        var unknown = await table.ReadRowAsync(Entry(11113, SiloStatus.Active).SiloAddress);

        Assert.Equal(11112, Assert.Single(one.Members).Item1.SiloAddress.Endpoint.Port);
        Assert.Equal(2, unknown.Version.Version);
        Assert.Empty(unknown.Members);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_proxy_port()
    {
        var (table, database) = await CreateAsync();
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(11112, SiloStatus.Joining), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(11113, SiloStatus.Active, proxyPort: 0), (await table.ReadAllAsync()).Version.Next()));
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = database }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = ClusterId }));
        await ((IGatewayListProvider)gateways).InitializeGatewayListProvider();

        var uri = Assert.Single(await ((IGatewayListProvider)gateways).GetGateways());

        Assert.Equal(Entry(11111, SiloStatus.Active).ProxyPort, uri.Port);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cleanup_removes_only_dead_silos_last_seen_before_the_cutoff(bool rowByRowQueryInstalled)
    {
        // With CleanupDefunctSiloEntryKey present the provider deletes row by row; without it, in one statement.
        var (table, _) = await CreateAsync(rowByRowQueryInstalled);
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Dead), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(Entry(11112, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));
        var recentlyDead = Entry(11113, SiloStatus.Dead);
        recentlyDead.IAmAliveTime = Start.AddHours(2);
        Assert.True(await table.InsertRowAsync(recentlyDead, (await table.ReadAllAsync()).Version.Next()));

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Start.AddHours(1)));

        var ports = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([11112, 11113], ports);
        Assert.Equal(3, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Deleting_the_cluster_removes_its_rows_and_version()
    {
        var (table, database) = await CreateAsync();
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));

        await table.DeleteMembershipTableEntriesAsync(ClusterId);

        Assert.Empty(await PostgresSchemaTests.ListAsync<string>(database, "SELECT deployment_id FROM orleans_membership_version"));
        Assert.Empty(await PostgresSchemaTests.ListAsync<string>(database, "SELECT deployment_id FROM orleans_membership"));
    }

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = -1) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 42),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = proxyPort < 0 ? port + 1000 : proxyPort,
        StartTime = Start,
        IAmAliveTime = Start.AddSeconds(1),
    };

    private static async Task<(AdoNetClusteringTable Table, string Database)> CreateAsync(bool rowByRowCleanup = true)
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);
        if (!rowByRowCleanup)
            await PostgresSchemaTests.ExecuteAsync(database, "DELETE FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntryKey'");
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = ClusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = database }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return (table, database);
    }
}
