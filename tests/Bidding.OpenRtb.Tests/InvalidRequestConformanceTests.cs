using Bidding.OpenRtb.Json;
using Bidding.Testing;

namespace Bidding.OpenRtb.Tests;

/// <summary>prebid-server's invalid endpoint requests: every one that breaks OpenRTB is refused, naming the field.</summary>
public sealed class InvalidRequestConformanceTests
{


    [SharedDataFact]
    public void Every_request_that_breaks_OpenRTB_is_refused_naming_the_field()
    {
        var files = Corpus.OpenRtbInvalidFiles().ToList();
        Assert.True(files.Count >= 70, $"expected the invalid corpus, found {files.Count} files");
        var failures = new List<string>();
        foreach (var file in files)
        {
            var result = OpenRtbSerializer.ReadRequest(File.ReadAllBytes(file));
            if (result.Error is null)
                failures.Add($"{System.IO.Path.GetFileName(file)}: accepted");
            else if (string.IsNullOrEmpty(result.Error.Field) || string.IsNullOrEmpty(result.Error.Message))
                failures.Add($"{System.IO.Path.GetFileName(file)}: refused without naming the field");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} failed:\n" + string.Join("\n", failures));
    }

    [SharedDataFact]
    public void Prebid_only_rules_do_not_refuse_an_otherwise_valid_request()
    {
        foreach (var name in new[] { "invalid-whole__banner-no-size.json", "invalid-whole__site-app-both.json", "invalid-whole__imp-no-ext.json" })
        {
            var result = OpenRtbSerializer.ReadRequest(File.ReadAllBytes(SharedData.Path("openrtb/prebid-server/endpoint-invalid-requests/" + name)));
            Assert.True(result.Error is null, $"{name}: {result.Error}");
        }
    }
}
