using System.Net;
using System.Text.Json;
using Bidding.Silo.Tests.Fixtures;

namespace Bidding.Silo.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public async Task A_silo_that_can_write_its_state_and_events_is_ready()
    {
        await using var silo = new SiloFactory();
        var response = await silo.CreateClient().GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("activeSilos").GetInt32());
    }

    [Fact]
    public async Task A_silo_whose_grain_storage_refuses_writes_is_not_ready_and_says_why()
    {
        // Reads find nothing; every write fails as on a full disk.
        await using var silo = new BrokenStoreSilo(read: null, write: () => new IOException("disk full"));
        var response = await silo.CreateClient().GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("grain storage not writable: IOException", body.GetProperty("reason").GetString());
        // Liveness is another question: the process answers.
        Assert.Equal(HttpStatusCode.OK, (await silo.CreateClient().GetAsync("/healthz")).StatusCode);
    }
}
