using Bidding.OpenRtb.Json;
using Bidding.Testing;

namespace Bidding.OpenRtb.Tests;

/// <summary>Real requests written by exchanges and OpenRTB libraries parse and validate.</summary>
public sealed class CorpusConformanceTests
{


    [SharedDataFact]
    public void Every_exchange_and_specification_request_parses_and_only_spec_violations_are_refused()
    {
        var files = Corpus.ValidRequestFiles().ToList();
        Assert.True(files.Count > 540, $"expected the whole corpus, found {files.Count} files");
        var failures = new List<string>();
        foreach (var file in files)
        {
            var name = System.IO.Path.GetFileName(file);
            var result = OpenRtbSerializer.ReadRequest(File.ReadAllBytes(file));
            if (Corpus.SpecViolations.TryGetValue(name, out var field))
            {
                if (result.Error?.Field != field)
                    failures.Add($"{name}: expected refusal naming {field}, got {result.Error?.ToString() ?? "acceptance"}");
            }
            else if (result.Error is { } error)
            {
                failures.Add($"{name}: {error}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} failed:\n" + string.Join("\n", failures));
    }

    [SharedDataFact]
    public void Every_exchange_bid_response_parses()
    {
        var files = SharedData.Files("openrtb/prebid-server/bid-responses")
            .Concat(SharedData.Files("openrtb/iab-openrtb2.x-spec-examples/bid-response"))
            .Concat(SharedData.Files("openrtb/prebid-openrtb/openrtb2/testdata/bid-response")).ToList();
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var response = OpenRtbSerializer.ReadResponse(File.ReadAllBytes(file));
                Assert.NotNull(response);
            }
            catch (Exception e)
            {
                failures.Add($"{System.IO.Path.GetFileName(file)}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} failed:\n" + string.Join("\n", failures));
    }
}
