namespace Bidding.Testing;

/// <summary>The shared OpenRTB corpus and what each part of it must produce.</summary>
public static class Corpus
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
}
