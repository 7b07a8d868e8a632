using Bidding.Engine.Tracking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Tests.Tracking;

public sealed class TrackingSignerTests
{
    private static readonly BidContext Bid = new(1_790_000_000, "auction-1", "bid-1", "imp-1", "cmp-1", "cr-1", 2_500_000, "USD", "silo-a", 2_500);

    private static TrackingSigner Signer(params (string Id, string Secret)[] keys) => new(
        Options.Create(new TrackingOptions { Keys = [.. keys.Select(k => new TrackingKey { Id = k.Id, Secret = k.Secret })] }),
        NullLogger<TrackingSigner>.Instance);

    private const string Old = "old-secret-0123456789abcdef0123456789";
    private const string New = "new-secret-0123456789abcdef0123456789";

    [Fact]
    public void A_token_names_its_bid_and_verifies_for_its_own_event_type_only()
    {
        var signer = Signer(("k1", Old));
        var token = signer.Token(EventType.Impression, BidContextCodec.Encode(Bid));

        Assert.Equal(Bid, signer.Verify(EventType.Impression, token));
        Assert.Null(signer.Verify(EventType.Click, token));
        Assert.Null(signer.Verify(EventType.Impression, token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]));
        Assert.Null(signer.Verify(EventType.Impression, "not-a-token"));
        Assert.Null(signer.Verify(EventType.Impression, "!!!.???"));
        Assert.Null(signer.Verify(EventType.Impression, token.Split('.')[0] + ".%%%%"));
        Assert.Null(signer.Verify(EventType.Impression, null));
    }

    [Fact]
    public void After_a_rotation_the_new_key_signs_and_urls_signed_with_the_previous_key_still_verify()
    {
        var before = Signer(("k1", Old)).Token(EventType.Win, BidContextCodec.Encode(Bid));
        var rotated = Signer(("k2", New), ("k1", Old));
        var after = rotated.Token(EventType.Win, BidContextCodec.Encode(Bid));

        Assert.Equal(Bid, rotated.Verify(EventType.Win, before));
        Assert.Equal(Bid, rotated.Verify(EventType.Win, after));
        Assert.NotEqual(before, after);
        Assert.Null(Signer(("k2", New)).Verify(EventType.Win, before)); // once the old key is retired
    }

    [Fact]
    public void A_payload_changed_by_a_single_character_does_not_verify()
    {
        var signer = Signer(("k1", Old));
        var token = signer.Token(EventType.Billing, BidContextCodec.Encode(Bid));
        var dot = token.LastIndexOf('.');
        for (var i = 0; i < dot; i += 7)
        {
            var forged = token[..i] + (token[i] == 'x' ? 'y' : 'x') + token[(i + 1)..];
            Assert.Null(signer.Verify(EventType.Billing, forged));
        }
    }

    [Fact]
    public void The_codec_round_trips_unicode_and_rejects_garbage()
    {
        var unicode = Bid with { AuctionId = "enchère-été-🎯", CampaignId = new string('c', 300) };
        Assert.Equal(unicode, BidContextCodec.Decode(BidContextCodec.Encode(unicode)));
        Assert.Null(BidContextCodec.Decode(""));
        Assert.Null(BidContextCodec.Decode("!!!"));
        Assert.Null(BidContextCodec.Decode(BidContextCodec.Encode(Bid)[..10]));
    }

    [Fact]
    public void Random_input_never_verifies_and_never_throws()
    {
        var signer = Signer(("k1", Old));
        var random = new Random(20261122);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=%!~ é\u0000";
        for (var i = 0; i < 5_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 120)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            Assert.Null(signer.Verify(EventType.Win, text));
            _ = BidContextCodec.Decode(text); // must not throw, whatever it returns

        }
    }
}
