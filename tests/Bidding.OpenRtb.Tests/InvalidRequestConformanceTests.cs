using Bidding.OpenRtb.Json;
using Bidding.Testing;

namespace Bidding.OpenRtb.Tests;

/// <summary>prebid-server's invalid endpoint requests: every one that breaks OpenRTB is refused, naming the field.</summary>
public sealed class InvalidRequestConformanceTests
{
    /// <summary>
    /// Requests prebid-server refuses for rules of its own, not OpenRTB's: accounts, aliases,
    /// adapters and bidder params, stored requests, <c>ext.prebid</c> options, and a few places where
    /// prebid is stricter than OpenRTB 2.6 (banner sizes are recommended, not required; wmin/wmax
    /// are deprecated, not invalid; a site needs neither id nor page; site with app is not forbidden).
    /// </summary>
    public static readonly IReadOnlySet<string> PrebidOnly = new HashSet<string>
    {
        "account-malformed__malformed-acct.json",
        "account-required__no-account__required-no-acct.json",
        "account-required__with-account__required-disabled-acct.json",
        "blocked__blocked-app.json",
        "currency-conversion__custom-rates__errors__custom-rates-invalid-usepbs-false.json",
        "disabled__bad__bad-alias.json",
        "disabled__bad__bad-bidder.json",
        "invalid-stored__bad_stored_imp.json",
        "invalid-whole__alias-bidder-self.json",
        "invalid-whole__alias-unknown-core.json",
        "invalid-whole__banner-h-only.json",
        "invalid-whole__banner-w-only.json",
        "invalid-whole__banner-no-size.json",
        "invalid-whole__banner-hmax.json",
        "invalid-whole__banner-hmin.json",
        "invalid-whole__banner-wmax.json",
        "invalid-whole__banner-wmin.json",
        "invalid-whole__bid-adj-factors-case-invalid-same-bidder-names.json",
        "invalid-whole__bid-adjustment-invalid-bidder.json",
        "invalid-whole__bid-adjustment-negative.json",
        "invalid-whole__cache-nothing.json",
        "invalid-whole__format-empty-array.json",
        "invalid-whole__imp-ext-empty.json",
        "invalid-whole__imp-ext-invalid-params.json",
        "invalid-whole__imp-ext-prebid-bidder-empty.json",
        "invalid-whole__imp-ext-unknown-bidder.json",
        "invalid-whole__imp-no-ext.json",
        "invalid-whole__interstital-bad-perc.json",
        "invalid-whole__interstitial-empty.json",
        "invalid-whole__invalid-bidder-params.json",
        "invalid-whole__invalid-source.json",
        "invalid-whole__metric-empty-object.json",
        "invalid-whole__no-site-or-app-or-dooh.json",
        "invalid-whole__site-app-both.json",
        "invalid-whole__site-empty.json",
        "invalid-whole__site-ext-amp.json",
        "invalid-whole__storedrequest-id-int.json",
        "invalid-whole__user-ext-prebid-buyeruids-empty.json",
        "invalid-whole__user-ext-prebid-buyeruids-unknown.json",
        "invalid-whole__user-ext-prebid-empty.json",
    };

    public static IEnumerable<string> OpenRtbInvalidFiles() =>
        SharedData.Files("openrtb/prebid-server/endpoint-invalid-requests")
            .Where(f => !PrebidOnly.Contains(System.IO.Path.GetFileName(f)));

    [SharedDataFact]
    public void Every_request_that_breaks_OpenRTB_is_refused_naming_the_field()
    {
        var files = OpenRtbInvalidFiles().ToList();
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
