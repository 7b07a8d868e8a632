using Bidding.OpenRtb.Json;
using Bidding.Testing;

namespace Bidding.OpenRtb.Tests;

/// <summary>Real requests written by exchanges and OpenRTB libraries parse and validate.</summary>
public sealed class CorpusConformanceTests
{
    public static IEnumerable<string> ValidRequestFiles() =>
        SharedData.Files("openrtb/prebid-server/bid-requests")
            .Concat(SharedData.Files("openrtb/iab-openrtb2.x-spec-examples/bid-request"))
            .Concat(SharedData.Files("openrtb/prebid-openrtb/openrtb2/testdata/bid-request"))
            .Concat(SharedData.Files("openrtb/bsm-openrtb/testdata", "breq.*.json"));

    /// <summary>
    /// Adapter test fixtures that break a rule OpenRTB 2.6 or the Native 1.2 specification makes
    /// mandatory (the same rules prebid-server's own endpoint refuses): placeholder native payloads
    /// ("test-native", "..."), native requests without assets, out-of-range native codes, and two
    /// impressions sharing one id (a bid's impid would be ambiguous). Each must be refused with a 400
    /// naming exactly this field; every other request must be accepted.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SpecViolations = new Dictionary<string, string>
    {
        ["adf__single-native__51ac56610dc4.json"] = "imp[0].native.request",
        ["admatic__native__04c29bf76db3.json"] = "imp[0].native.request",
        ["adot__simple-native__622299d535a0.json"] = "imp[0].native.request",
        ["adverxo__native__17b19adc5392.json"] = "imp[0].native.request.assets",
        ["adxcg__simple-native__b8dd4ba65271.json"] = "imp[0].native.request",
        ["bliink__native__77597ba11191.json"] = "imp[0].native.request",
        ["colossus__simple-native-without-ext__88de22f4ae64.json"] = "imp[0].native.request",
        ["conversant__simple-native__b63a2079ac04.json"] = "imp[0].native.request",
        ["dianomi__multi-native__ae80e6baa673.json"] = "imp[0].native.request",
        ["elementaltv__multiimp__c773f314b733.json"] = "imp[0].native.request.assets",
        ["flatads__native__233197302e37.json"] = "imp[0].native.request",
        ["grid__native-as-string__a1700bda8e14.json"] = "imp[0].native.request",
        ["inmobi__simple-app-native__a4ffc1153f67.json"] = "imp[0].native.request.plcmttype",
        ["loopme__simple-app-native__3b70cd03d994.json"] = "imp[0].native.request.plcmttype",
        ["loopme__simple-site-native__c879dacea635.json"] = "imp[0].native.request.plcmttype",
        ["melozen__app-native__f396bad71857.json"] = "imp[0].native.request",
        ["metax__simple-app-native__cd7d3e7990f0.json"] = "imp[0].native.request.plcmttype",
        ["metax__simple-site-native__3cfff5b4be22.json"] = "imp[0].native.request.plcmttype",
        ["mobilefuse__simple-native__463a3aceb1b6.json"] = "imp[0].native.request.assets[1].title.len",
        ["openx__optional-params__2e53a1faf6c2.json"] = "imp[1].id",
        ["pixfuture__native__9df5fa5019e5.json"] = "imp[0].native.request.assets",
        ["pwbid__native__ac293fffce41.json"] = "imp[0].native.request",
        ["readpeak__native__c87c900db2f4.json"] = "imp[0].native.request.assets[5]",
        ["teal__native-imp__dc942e1d3821.json"] = "imp[0].native.request.assets",
        ["theadx__multi-native__5a3b44782104.json"] = "imp[0].native.request",
        ["thetradedesk__simple-native__e293a48b9b12.json"] = "imp[0].native.request",
        ["native-ad.json"] = "imp[0].native.request",
        ["breq.native.json"] = "imp[0].native.request",
    };

    [SharedDataFact]
    public void Every_exchange_and_specification_request_parses_and_only_spec_violations_are_refused()
    {
        var files = ValidRequestFiles().ToList();
        Assert.True(files.Count > 540, $"expected the whole corpus, found {files.Count} files");
        var failures = new List<string>();
        foreach (var file in files)
        {
            var name = System.IO.Path.GetFileName(file);
            var result = OpenRtbSerializer.ReadRequest(File.ReadAllBytes(file));
            if (SpecViolations.TryGetValue(name, out var field))
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
