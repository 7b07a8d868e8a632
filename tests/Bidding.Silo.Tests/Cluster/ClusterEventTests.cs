using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Silo.Tests.Tracking;
using Bidding.Testing;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>Events through a cluster that loses a silo while they stream in.</summary>
public sealed class ClusterEventTests
{
    [Fact]
    public async Task Every_acknowledged_event_counts_exactly_once_after_a_silo_dies_mid_stream()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 3);
        var admin = cluster.Silos[0].Admin();
        var campaigns = Enumerable.Range(0, 6).Select(i => $"cmp-ev-{i}").ToArray();
        foreach (var campaign in campaigns)
            await TrackedBid.CreateCampaignAsync(admin, "adv-ev", campaign);

        var bids = new List<(string Campaign, TrackedBid Bid)>();
        for (var i = 0; i < 120; i++)
        {
            var campaign = campaigns[i % campaigns.Length];
            bids.Add((campaign, await TrackedBid.BidAsync(cluster.Silos[i % 3].Http, $"auction-ev-{i}", campaign)));
        }

        // Each pixel fires twice (a double-firing browser), each time at some silo; silo 1 dies half-way.
        var clients = cluster.Silos.Select(s => new HttpClient { BaseAddress = s.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }).ToArray();
        var acknowledged = new ConcurrentDictionary<string, byte>();
        var victim = cluster.Silos[1];
        var sends = bids.Select((b, i) => Task.Run(async () =>
        {
            if (i >= bids.Count / 2)
                await Task.Delay(100);
            for (var copy = 0; copy < 2; copy++)
            {
                try
                {
                    var response = await clients[(i + copy) % 3].GetAsync(TrackedBid.Local(b.Bid.Impression));
                    if (response.IsSuccessStatusCode)
                        acknowledged.TryAdd(b.Bid.AuctionId, 0);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The silo is gone: not acknowledged, so the exchange or browser would retry elsewhere.
                }
            }
        })).ToList();
        await Task.Delay(50);
        await cluster.KillSiloAsync(victim);
        await Task.WhenAll(sends);
        foreach (var client in clients)
            client.Dispose();
        await cluster.WaitForMembershipAsync();

        var expected = campaigns.ToDictionary(c => c, c => bids.Count(b => b.Campaign == c && acknowledged.ContainsKey(b.Bid.AuctionId)));
        Assert.True(expected.Values.Sum() >= bids.Count / 2, "most events should have been acknowledged");
        var survivor = cluster.Silos[0].Admin();
        await Wait.UntilAsync(async () =>
        {
            foreach (var (campaign, count) in expected)
            {
                if (await ImpressionsAsync(survivor, campaign) != count)
                    return false;
            }
            return true;
        }, "every acknowledged impression to be counted", TimeSpan.FromSeconds(30));

        // And nothing more arrives later (no second delivery counted).
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach (var (campaign, count) in expected)
            Assert.Equal(count, await ImpressionsAsync(cluster.Silos[1].Admin(), campaign));
    }

    private static async Task<long> ImpressionsAsync(HttpClient admin, string campaign) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/stats")).GetProperty("total").GetProperty("impressions").GetInt64();
}
