using System.Text.Json;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Tracking;

namespace Bidding.Engine.Tests.Tracking;

public sealed class MarkupTemplateTests
{
    private const string Imp = "https://t.example/t/imp?t=abc.def";
    private const string Click = "https://t.example/t/click?t=abc.ghi";

    [Fact]
    public void A_banner_gets_a_pixel_and_its_click_macro_filled()
    {
        var html = MarkupTemplate.For(new Creative { Format = CreativeFormat.Banner, Markup = "<a href=\"${CLICK_URL}\">x</a>" }).Render(Imp, Click);
        Assert.Equal($"<a href=\"{Click}\">x</a><img src=\"{Imp}\" width=\"1\" height=\"1\" style=\"display:none\" alt=\"\">", html);
    }

    [Fact]
    public void Vast_gets_an_impression_after_its_own_or_first_in_inline()
    {
        var withOwn = MarkupTemplate.For(new Creative { Format = CreativeFormat.Video, Markup = "<VAST><Ad><InLine><Impression>a</Impression><Creatives/></InLine></Ad></VAST>" }).Render(Imp, Click);
        Assert.Equal($"<VAST><Ad><InLine><Impression>a</Impression><Impression><![CDATA[{Imp}]]></Impression><Creatives/></InLine></Ad></VAST>", withOwn);

        var without = MarkupTemplate.For(new Creative { Format = CreativeFormat.Video, Markup = "<VAST><Ad><InLine id=\"1\"><Creatives><ClickThrough>${CLICK_URL}</ClickThrough></Creatives></InLine></Ad></VAST>" }).Render(Imp, Click);
        Assert.Equal($"<VAST><Ad><InLine id=\"1\"><Impression><![CDATA[{Imp}]]></Impression><Creatives><ClickThrough>{Click}</ClickThrough></Creatives></InLine></Ad></VAST>", without);
    }

    [Fact]
    public void Native_gets_an_impression_tracker_and_its_link_through_the_click_url()
    {
        var json = MarkupTemplate.For(new Creative
        {
            Format = CreativeFormat.Native,
            Markup = """{"native":{"assets":[],"link":{"url":"https://brand.example/"},"eventtrackers":[{"event":1,"method":1,"url":"https://theirs.example/p"}]}}""",
        }).Render(Imp, Click);
        using var doc = JsonDocument.Parse(json);
        var native = doc.RootElement.GetProperty("native");
        Assert.Equal(Click, native.GetProperty("link").GetProperty("url").GetString());
        Assert.Equal(["https://theirs.example/p", Imp], native.GetProperty("eventtrackers").EnumerateArray().Select(t => t.GetProperty("url").GetString()));
        Assert.Equal([Imp], native.GetProperty("imptrackers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("https://brand.example/", MarkupTemplate.NativeLink("""{"native":{"link":{"url":"https://brand.example/"}}}"""));
    }
}
