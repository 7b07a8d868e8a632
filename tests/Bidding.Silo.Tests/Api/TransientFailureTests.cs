using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Silo.Tests.Fixtures;

namespace Bidding.Silo.Tests.Api;

public sealed class TransientFailureTests
{
    [Fact]
    public async Task An_unreachable_store_gives_503_with_retry_after_not_500()
    {
        // Every grain read or write times out, as a lost database would.
        await using var silo = new BrokenStoreSilo(read: () => new TimeoutException("store unreachable"), write: () => new TimeoutException("store unreachable"));
        var response = await silo.Admin().PostAsJsonAsync("/api/v1/advertisers", new { id = "adv-x", name = "X", domain = "x.example", currency = "USD" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }
}
