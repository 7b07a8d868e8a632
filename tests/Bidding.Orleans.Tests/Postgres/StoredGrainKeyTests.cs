using Bidding.Orleans.Postgres;

namespace Bidding.Orleans.Tests.Postgres;

public sealed class StoredGrainKeyTests
{
    [Theory]
    [InlineData("campaign-1")]
    [InlineData("demo-sports-video")]
    [InlineData("x+1")]
    public void Keys_the_provider_keeps_as_text_are_stored_unchanged(string key)
    {
        var id = GrainId.Create("campaign", key);

        Assert.Equal(id, StoredGrainKey.Encode(id));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("abc")]
    [InlineData("7+ext")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("~already-marked")]
    public void Keys_the_provider_would_turn_into_numbers_are_marked_and_decode_to_themselves(string key)
    {
        var stored = StoredGrainKey.Encode(GrainId.Create("campaign", key));

        Assert.Equal(StoredGrainKey.Marker + key, stored.Key.ToString());
        Assert.False(stored.TryGetIntegerKey(out _, out _));
        Assert.False(stored.TryGetGuidKey(out _, out _));
        Assert.Equal(key, StoredGrainKey.Decode(stored.Key.ToString()!));
    }
}
