namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Three silos shared by the tests of <see cref="ClusterTests"/>: each test works on campaigns of its own, and a
/// test that adds a silo stops it again. Pacing is quick here: the controller acts every second on five requests
/// and leases last two seconds, so a new multiplier reaches every silo within a couple of seconds.
/// </summary>
public sealed class SharedCluster : IAsyncLifetime
{
    private EngineCluster? _cluster;

    public EngineCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await EngineCluster.StartAsync(3, new Dictionary<string, string?>
    {
        ["Budget:ControlInterval"] = "00:00:01",
        ["Budget:ControlMinOpportunities"] = "5",
        ["Budget:LeaseTerm"] = "00:00:02",
        ["Budget:RenewBefore"] = "00:00:01",
        // The whole daily budget may be committed at any hour: a test's spend must not depend on the time of day.
        ["Budget:PacingLookahead"] = "1.00:00:00",
    });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
