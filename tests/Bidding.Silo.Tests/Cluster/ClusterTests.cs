using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Engine.Grains;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Bidding.Silo.Tests.Api;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>Three silos on one PostgreSQL: placement, remote calls, failover, handover, propagation.</summary>
public sealed class ClusterTests
{
    private static GrainId Campaign(string id) => new(GrainTypes.Campaign, id);

    private static StringContent BidRequest(string id) => new(
        "{\"id\":\"" + id + "\",\"imp\":[{\"id\":\"1\",\"banner\":{\"w\":970,\"h\":250}}],\"site\":{\"domain\":\"cluster.example\"},\"device\":{\"geo\":{\"country\":\"FRA\"}}}");

    private static async Task<HttpStatusCode> BidAsync(TestSilo silo, string id) =>
        (await silo.Http.PostAsync("/openrtb2/bid", BidRequest(id))).StatusCode;

    /// <summary>Creates an advertiser and <paramref name="count"/> campaigns, each through a different silo in turn.</summary>
    private static async Task<string[]> CreateCampaignsAsync(TestCluster cluster, int count)
    {
        await PlatformApiTests.CreateAdvertiserAsync(cluster.Silos[0].Admin(), "adv");
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = $"cmp-{i}";
            await PlatformApiTests.CreateCampaignWithBannerAsync(cluster.Silos[i % cluster.Silos.Count].Admin(), "adv", ids[i]);
        }
        return ids;
    }

    [Fact]
    public async Task Grains_spread_over_all_silos_and_api_calls_through_any_silo_reach_the_owner()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var ids = await CreateCampaignsAsync(cluster, 30);

        foreach (var silo in cluster.Silos)
            Assert.True(ids.Any(id => silo.Runtime.IsActive(Campaign(id))), $"{silo} owns none of 30 campaigns");
        foreach (var id in ids)
        {
            var owner = cluster.OwnerOf(Campaign(id));
            Assert.Equal([owner], cluster.Silos.Where(s => s.Runtime.IsActive(Campaign(id))));

            var other = cluster.Silos.First(s => s != owner);
            var read = await other.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
            Assert.Equal(id, read.GetProperty("id").GetString());
            Assert.False(other.Runtime.IsActive(Campaign(id)), "a read through a non-owner must not activate the grain there");
        }
    }

    [Fact]
    public async Task A_killed_silos_grains_move_to_survivors_within_ten_seconds_with_acknowledged_state()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var ids = await CreateCampaignsAsync(cluster, 24);
        var victim = cluster.Silos[1];
        var owned = ids.Where(id => cluster.OwnerOf(Campaign(id)) == victim).ToArray();
        Assert.NotEmpty(owned);
        // The last acknowledged change on the victim's grains before it dies.
        foreach (var id in owned)
            Assert.Equal(HttpStatusCode.OK, (await cluster.Silos[0].Admin().PostAsync($"/api/v1/campaigns/{id}/pause", null)).StatusCode);

        var killedAt = TimeProvider.System.GetTimestamp();
        await cluster.KillSiloAsync(victim);
        var survivor = cluster.Silos[0].Admin();
        foreach (var id in owned)
        {
            var read = await survivor.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
            Assert.Equal("paused", read.GetProperty("status").GetString());
        }
        await cluster.WaitForMembershipAsync(TimeSpan.FromSeconds(10));
        Assert.True(TimeProvider.System.GetElapsedTime(killedAt) < TimeSpan.FromSeconds(10), "failover took longer than 10 s");

        foreach (var id in owned)
        {
            Assert.Equal(HttpStatusCode.OK, (await survivor.PostAsync($"/api/v1/campaigns/{id}/resume", null)).StatusCode);
            var owner = cluster.OwnerOf(Campaign(id));
            Assert.NotEqual(victim.Address, owner.Address);
            Assert.True(owner.Runtime.IsActive(Campaign(id)));
        }
    }

    [Fact]
    public async Task A_graceful_stop_hands_grains_over_and_leaves_without_waiting_for_failure_detection()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var ids = await CreateCampaignsAsync(cluster, 12);
        var leaving = cluster.Silos[2];
        var address = leaving.Address;

        await cluster.StopSiloAsync(leaving);
        // The leave is written to the table, so survivors converge at their next read, long before 2 s of silence.
        await cluster.WaitForMembershipAsync(TimeSpan.FromSeconds(1.5));
        await using var table = Npgsql.NpgsqlDataSource.Create(cluster.ConnectionString);
        var rows = await new Bidding.Runtime.Postgres.Membership.PostgresMembershipTable(table, "test").ReadAsync();
        Assert.Equal(SiloStatus.Dead, rows.Entries.Single(e => e.Silo == address).Status);

        foreach (var id in ids)
            Assert.Equal(HttpStatusCode.OK, (await cluster.Silos[0].Admin().GetAsync($"/api/v1/campaigns/{id}")).StatusCode);
    }

    [Fact]
    public async Task Changes_through_any_silo_reach_every_bid_path_within_two_seconds()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        await PlatformApiTests.CreateAdvertiserAsync(cluster.Silos[2].Admin(), "adv");
        await PlatformApiTests.CreateCampaignWithBannerAsync(cluster.Silos[2].Admin(), "adv", "cmp-fr");
        foreach (var silo in cluster.Silos)
            await Wait.UntilAsync(async () => await BidAsync(silo, "r") == HttpStatusCode.OK, $"{silo} to bid on the new campaign", TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.OK, (await cluster.Silos[1].Admin().PostAsync("/api/v1/campaigns/cmp-fr/pause", null)).StatusCode);
        foreach (var silo in cluster.Silos)
            await Wait.UntilAsync(async () => await BidAsync(silo, "r") == HttpStatusCode.NoContent, $"{silo} to stop bidding on the paused campaign", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Bids_come_from_local_state_even_when_no_other_silo_can_be_reached()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var ids = await CreateCampaignsAsync(cluster, 6);
        var lone = cluster.Silos[0];
        await Wait.UntilAsync(async () => await BidAsync(lone, "warm") == HttpStatusCode.OK, "the campaigns to reach silo 0's bid path", TimeSpan.FromSeconds(2));

        // Cut silo 0 off: its peers are gone before anyone notices (they are still in its view).
        await cluster.KillSiloAsync(2);
        await cluster.KillSiloAsync(1);
        Assert.Equal(3, lone.Membership.View.Active.Length);
        Assert.Contains(ids, id => Placement.OwnerOf(Campaign(id), lone.Membership.View) != lone.Address);

        for (var i = 0; i < 50; i++)
        {
            var response = await lone.Http.PostAsync("/openrtb2/bid", BidRequest($"cut-{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(3, lone.Membership.View.Active.Length);
    }

    [Fact]
    public async Task A_draining_silo_refuses_bids_and_reports_not_ready_while_it_hands_over()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var silo = cluster.Silos[1];
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/readyz")).StatusCode);
        (HttpStatusCode Ready, HttpStatusCode Bid)? seen = null;
        silo.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            // SIGTERM has arrived; the server still answers while the silo drains.
            using var client = new HttpClient { BaseAddress = silo.Http.BaseAddress };
            seen = (client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode,
                client.PostAsync("/openrtb2/bid", BidRequest("drain")).GetAwaiter().GetResult().StatusCode);
        });

        await cluster.StopSiloAsync(silo);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), seen);
    }

    [Fact]
    public async Task A_new_silo_takes_over_its_share_and_the_old_owners_let_go()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var ids = await CreateCampaignsAsync(cluster, 20);
        var added = await cluster.StartAdditionalSiloAsync();

        var moved = ids.Where(id => cluster.OwnerOf(Campaign(id)) == added).ToArray();
        Assert.NotEmpty(moved);
        foreach (var id in moved)
        {
            var read = await cluster.Silos[0].Admin().GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
            Assert.Equal(id, read.GetProperty("id").GetString());
            Assert.Equal([added], cluster.Silos.Where(s => s.Runtime.IsActive(Campaign(id))));
        }
        await Wait.UntilAsync(async () => await BidAsync(added, "new") == HttpStatusCode.OK, "the new silo to bid from the catalog it loaded", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task With_a_shared_secret_silos_call_each_other_and_strangers_are_refused()
    {
        await using var cluster = await TestCluster.StartAsync(2, "--Cluster:SharedSecret=correct-horse");
        var ids = await CreateCampaignsAsync(cluster, 24); // enough that each silo owns some: 2 × 2^-24 odds that one owns none
        Assert.All(cluster.Silos, s => Assert.Contains(ids, id => s.Runtime.IsActive(Campaign(id))));

        using var stranger = new HttpClient();
        var silo = cluster.Silos[0];
        foreach (var secret in new[] { null, "wrong" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{silo.Address.Port}/_silo/grains/campaign/GetAsync")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new StringContent("""{"key":"cmp-0","args":[]}"""),
            };
            request.Headers.Add("X-Bidding-Silo-Generation", silo.Address.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (secret is not null)
                request.Headers.Add("X-Bidding-Cluster-Secret", secret);
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task A_silo_that_finds_itself_declared_dead_stops()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var doomed = cluster.Silos[1];
        var stopping = new TaskCompletionSource();
        doomed.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        await using var table = Npgsql.NpgsqlDataSource.Create(cluster.ConnectionString);
        Assert.True(await new Bidding.Runtime.Postgres.Membership.PostgresMembershipTable(table, "test").UpdateStatusAsync(doomed.Address, SiloStatus.Dead));

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(doomed.Membership.IsActive);
    }

    [Fact]
    public async Task Two_activations_from_disagreeing_views_never_both_write()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var ids = await CreateCampaignsAsync(cluster, 1);
        var id = Campaign(ids[0]);
        var owner = cluster.OwnerOf(id);
        var intruder = cluster.Silos.Single(s => s != owner);
        var get = typeof(ICampaignGrain).GetMethod(nameof(ICampaignGrain.GetAsync))!;
        var setStatus = typeof(ICampaignGrain).GetMethod(nameof(ICampaignGrain.SetStatusAsync))!;

        for (var round = 0; round < 10; round++)
        {
            // Force the race: the intruder acts as if its view made it the owner, both hold the same version.
            var current = (Bidding.Engine.Campaigns.Campaign)(await owner.Runtime.InvokeLocalAsync(id, get, null))!;
            var revisionBefore = current.Revision;
            await intruder.Runtime.InvokeLocalAsync(id, get, null);
            // Two different changes, both real writes (neither is the current status).
            var others = Enum.GetValues<Bidding.Engine.Campaigns.CampaignStatus>().Where(s => s != current.Status).ToArray();
            var statuses = round % 2 == 0 ? (others[0], others[1]) : (others[1], others[0]);
            using var start = new Barrier(2);
            var writes = await Task.WhenAll(
                Attempt(owner, statuses.Item1),
                Attempt(intruder, statuses.Item2));

            Assert.Equal(1, writes.Count(w => w is not null));
            var winner = writes.Single(w => w is not null)!;
            var loser = writes[0] is null ? owner : intruder;
            // The refused activation is gone: the loser's next call reads the winner's write, not its stale state.
            var stored = (Bidding.Engine.Campaigns.Campaign)(await loser.Runtime.InvokeLocalAsync(id, get, null))!;
            Assert.Equal(revisionBefore + 1, stored.Revision);
            Assert.Equal(winner.Status, stored.Status);
            await intruder.Runtime.DeactivateWhereAsync(g => g == id);
            await owner.Runtime.DeactivateWhereAsync(g => g == id);

            Task<Bidding.Engine.Campaigns.Campaign?> Attempt(TestSilo silo, Bidding.Engine.Campaigns.CampaignStatus status) => Task.Run(async () =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                try
                {
                    return (Bidding.Engine.Campaigns.Campaign?)await silo.Runtime.InvokeLocalAsync(id, setStatus, [status]);
                }
                catch (Bidding.Runtime.Storage.InconsistentStateException)
                {
                    return null;
                }
            });
        }
    }
}
