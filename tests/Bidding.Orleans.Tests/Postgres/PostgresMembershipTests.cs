using System.Diagnostics;
using Bidding.Orleans.Tests.Postgres.TestGrains;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>Silos clustered through Orleans' ADO.NET membership on our schema.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresMembershipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silos_see_each_other_a_third_joins_and_a_stopped_silo_leaves()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var cluster = await PostgresTestCluster.StartAsync(database, silos: 2);
        var clusterId = cluster.Options.ClusterId;
        var management = cluster.Client.GetGrain<IManagementGrain>(0);

        await Wait.UntilAsync(() => AllActiveAsync(database, clusterId, cluster.Silos), "both silos Active in the table and in both views", Bound);

        var third = await cluster.StartAdditionalSiloAsync();
        await Wait.UntilAsync(() => AllActiveAsync(database, clusterId, cluster.Silos), "the third silo Active in the table and in every view", Bound);
        Assert.Equal(3, (await MembershipRow.ReadAsync(database, clusterId)).Count);

        await cluster.StopSiloAsync(third);
        await Wait.UntilAsync(async () => await MembershipRow.StatusAsync(database, clusterId, third.SiloAddress) == SiloStatus.Dead,
            "the stopped silo marked Dead in the table", Bound);
        await Wait.UntilAsync(async () => !(await management.GetHosts(onlyActive: true)).ContainsKey(third.SiloAddress)
                && cluster.Silos.All(s => !ActiveIn(s).Contains(third.SiloAddress)),
            "the stopped silo gone from the active hosts and from both remaining views", Bound);
    }

    [Fact]
    public async Task Crashed_silo_is_declared_dead_by_the_survivors_and_its_grains_reactivate()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var cluster = await PostgresTestCluster.StartAsync(database, silos: 2);
        var clusterId = cluster.Options.ClusterId;
        var survivors = cluster.Silos.ToArray();
        // TestCluster's kill stops an in-process silo with a cancelled token, and the silo still gets to mark
        // itself Dead on the way out. A crashed silo writes nothing, so the victim reaches the database as a
        // role of its own that is cut off from the real table before the kill: only the survivors can then
        // declare it dead.
        await using var victimDatabase = await CrashableDatabase.CreateAsync(database);
        var victim = await cluster.StartSiloAsync(survivors.Length, cluster.Options, [PostgresTestCluster.CrashableSilo(victimDatabase)]);
        await Wait.UntilAsync(() => AllActiveAsync(database, clusterId, [.. survivors, victim]), "three silos Active in the table and in every view", Bound);

        // Activate a persistent grain on the victim (it prefers the silo that first calls it).
        var onVictim = ((InProcessSiloHandle)victim).ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("on-the-victim");
        Assert.Equal(1, await onVictim.IncrementAsync());
        Assert.Equal(victim.SiloAddress.ToString(), (await onVictim.GetActivationAsync()).Silo);

        var clock = Stopwatch.StartNew();
        await victimDatabase.IsolateAsync();
        await cluster.KillSiloAsync(victim);
        var killed = clock.Elapsed;
        await Wait.UntilAsync(async () => await MembershipRow.StatusAsync(database, clusterId, victim.SiloAddress) == SiloStatus.Dead,
            "the crashed silo declared Dead in the table", Bound);
        var declared = clock.Elapsed;
        output.WriteLine($"Crash (isolation + kill) took {killed.TotalSeconds:F2} s; Dead in the table {declared.TotalSeconds:F2} s after the crash began.");

        // The survivors voted it out: their suspicion is on its row.
        var row = (await MembershipRow.ReadAsync(database, clusterId)).Single(r => r.Is(victim.SiloAddress));
        Assert.NotNull(row.SuspectTimes);
        Assert.Contains(survivors, s => row.SuspectTimes.Contains(s.SiloAddress.ToParsableString(), StringComparison.Ordinal));

        var counter = cluster.Client.GetGrain<ICounterGrain>("on-the-victim");
        var value = 0;
        await Wait.UntilAsync(async () =>
        {
            try
            {
                value = await counter.IncrementAsync();
                return true;
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                return false;
            }
        }, "a call to the crashed silo's grain to succeed", Bound);
        output.WriteLine($"The crashed silo's grain answered from a survivor {clock.Elapsed.TotalSeconds:F2} s after the crash began.");
        Assert.Equal(2, value);
        Assert.Contains((await counter.GetActivationAsync()).Silo, survivors.Select(s => s.SiloAddress.ToString()));
    }

    /// <summary>Every silo Active in the table and in every silo's own view of the cluster.</summary>
    private static async Task<bool> AllActiveAsync(string database, string clusterId, IReadOnlyCollection<SiloHandle> silos)
    {
        var rows = await MembershipRow.ReadAsync(database, clusterId);
        if (!silos.All(s => rows.Any(r => r.Is(s.SiloAddress) && r.Status == SiloStatus.Active)))
            return false;
        var expected = silos.Select(s => s.SiloAddress).ToHashSet();
        return silos.All(s => ActiveIn(s).SetEquals(expected));
    }

    private static HashSet<SiloAddress> ActiveIn(SiloHandle silo) =>
        ((InProcessSiloHandle)silo).ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .ToHashSet();
}
