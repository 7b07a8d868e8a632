using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bidding.Silo.Tests.Fixtures;

namespace Bidding.Silo.Tests.OpenRtb;

/// <summary>The bid endpoint on the project's own fixtures: meaningful without ../shared/data.</summary>
public sealed class BidEndpointTests : IClassFixture<BidEndpointTests.DemoSilo>
{
    private readonly HttpClient _client;

    public BidEndpointTests(DemoSilo silo) => _client = silo.CreateClient();

    public sealed class DemoSilo() : SiloFactory(true, null);

    public static TheoryData<string> ValidRequests() => new() { Requests.Banner300x250, Requests.Video, Requests.Native };

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public async Task Demo_campaigns_bid_on_banner_video_and_native_with_a_valid_response(string request)
    {
        using var response = await Post(Encoding.UTF8.GetBytes(request));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(ResponseCheck.Problem(Encoding.UTF8.GetBytes(request), body));
    }

    [Fact]
    public async Task A_private_auction_without_a_matching_deal_gets_no_bid()
    {
        await AssertNoBid(Requests.Private);
    }

    [Fact]
    public async Task A_floor_above_every_campaign_value_gets_no_bid()
    {
        var request = Requests.Banner300x250.Replace("\"bidfloor\":0.5", "\"bidfloor\":50", StringComparison.Ordinal);
        await AssertNoBid(request);
    }

    [Fact]
    public async Task A_floor_in_another_currency_is_converted()
    {
        // 2.4 EUR = 2.592 USD is above the demo display value of 2.50 USD.
        var request = Requests.Banner300x250.Replace("\"bidfloor\":0.5,\"bidfloorcur\":\"USD\"", "\"bidfloor\":2.4,\"bidfloorcur\":\"EUR\"", StringComparison.Ordinal);
        await AssertNoBid(request);
    }

    [Fact]
    public async Task Blocked_advertiser_domains_and_categories_are_respected()
    {
        var badv = Requests.Banner300x250.Replace("\"at\":2,", "\"at\":2,\"badv\":[\"sports.example\"],\"bcat\":[\"IAB20\"],", StringComparison.Ordinal);
        await AssertNoBid(badv);
    }

    [Fact]
    public async Task First_price_auctions_are_bid_below_value_and_second_price_at_value()
    {
        var second = await Price(Requests.Banner300x250);
        var first = await Price(Requests.Banner300x250.Replace("\"at\":2", "\"at\":1", StringComparison.Ordinal));
        Assert.Equal(2.5m, second);
        Assert.True(first < second, $"first-price bid {first} should be shaded below {second}");
    }

    [Fact]
    public async Task A_gzip_body_is_accepted()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Requests.Banner300x250));
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _client.PostAsync("/openrtb2/bid", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_corrupt_gzip_body_is_a_400()
    {
        var content = new ByteArrayContent([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]);
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _client.PostAsync("/openrtb2/bid", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        var huge = "{\"id\":\"r\",\"ext\":\"" + new string('x', 300 * 1024) + "\",\"imp\":[]}";
        using var response = await Post(Encoding.UTF8.GetBytes(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    public static TheoryData<string, string, string> InvalidRequests()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (name, body, field) in Requests.Invalid)
            data.Add(name, body, field);
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_gets_a_400_problem_naming_the_field(string name, string body, string field)
    {
        using var response = await Post(Encoding.UTF8.GetBytes(body));
        var content = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {content}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(content);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Contains(field, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<decimal> Price(string request)
    {
        using var response = await Post(Encoding.UTF8.GetBytes(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("seatbid")[0].GetProperty("bid")[0].GetProperty("price").GetDecimal();
    }

    private async Task AssertNoBid(string request)
    {
        using var response = await Post(Encoding.UTF8.GetBytes(request));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private Task<HttpResponseMessage> Post(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _client.PostAsync("/openrtb2/bid", content);
    }
}
