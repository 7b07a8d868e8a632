using System.Net;
using System.Text.Json;
using Bidding.Testing;

namespace Bidding.Silo.Tests.OpenRtb;

/// <summary>The shared corpus posted to a running silo with demo campaigns.</summary>
public sealed class BidEndpointConformanceTests : IClassFixture<BidEndpointConformanceTests.DemoSilo>
{
    private readonly HttpClient _client;

    public BidEndpointConformanceTests(DemoSilo silo) => _client = silo.CreateClient();

    public sealed class DemoSilo() : SiloFactory(true, null);

    [SharedDataFact]
    public async Task Every_corpus_request_gets_a_valid_bid_or_no_bid_and_spec_violations_get_400()
    {
        var failures = new List<string>();
        var counts = new Dictionary<HttpStatusCode, int>();
        foreach (var file in Corpus.ValidRequestFiles())
        {
            var name = Path.GetFileName(file);
            var body = await File.ReadAllBytesAsync(file);
            using var response = await _client.PostAsync("/openrtb2/bid", new ByteArrayContent(body));
            counts[response.StatusCode] = counts.GetValueOrDefault(response.StatusCode) + 1;
            var content = await response.Content.ReadAsByteArrayAsync();
            if (Corpus.SpecViolations.TryGetValue(name, out var field))
            {
                if (response.StatusCode != HttpStatusCode.BadRequest || FieldOf(content) != field)
                    failures.Add($"{name}: expected 400 naming {field}, got {(int)response.StatusCode} {FieldOf(content)}");
                continue;
            }
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (ResponseCheck.Problem(body, content) is { } problem)
                    failures.Add($"{name}: {problem}");
            }
            else if (response.StatusCode != HttpStatusCode.NoContent)
            {
                failures.Add($"{name}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(content)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.OK) > 100, $"the demo campaigns should bid on much of the corpus: {string.Join(", ", counts)}");
    }

    [SharedDataFact]
    public async Task Every_request_that_breaks_OpenRTB_gets_400_naming_the_field()
    {
        var failures = new List<string>();
        foreach (var file in Corpus.OpenRtbInvalidFiles())
        {
            using var response = await _client.PostAsync("/openrtb2/bid", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
            var content = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || string.IsNullOrEmpty(FieldOf(content)))
                failures.Add($"{Path.GetFileName(file)}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(content)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SharedDataFact]
    public async Task Exchange_captures_never_get_a_5xx_and_broken_ones_get_4xx()
    {
        var failures = new List<string>();
        foreach (var file in Directory.EnumerateFiles(SharedData.Path("openrtb/rtb4free-samplebids/SampleBids"), "*", SearchOption.AllDirectories).Order())
        {
            var name = Path.GetFileName(file);
            using var response = await _client.PostAsync("/openrtb2/bid", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{name}: {status}");
            if (name is "garbage.txt" or "runt.txt" or "nexage.gz" or "badmobi.txt" or "c1xbad.txt" && status is < 400 or >= 500)
                failures.Add($"{name}: broken capture got {status}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SharedDataFact]
    public async Task A_gzip_capture_sent_with_content_encoding_is_read()
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(SharedData.Path("openrtb/rtb4free-samplebids/SampleBids/nexage.gz")));
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _client.PostAsync("/openrtb2/bid", content);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    internal static string? FieldOf(byte[] problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(problem);
            return doc.RootElement.TryGetProperty("field", out var f) ? f.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
