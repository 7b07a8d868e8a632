namespace Bidding.Silo.Tests.Fixtures;

/// <summary>Bid requests written for these tests, covering what the shared corpus covers.</summary>
internal static class Requests
{
    public const string Banner300x250 = """
        {"id":"req-banner","at":2,"cur":["USD"],"tmax":120,
         "imp":[{"id":"1","banner":{"format":[{"w":300,"h":250},{"w":320,"h":50}]},"bidfloor":0.5,"bidfloorcur":"USD"}],
         "site":{"id":"s1","domain":"news.example","page":"https://news.example/a","cat":["IAB12"]},
         "device":{"devicetype":2,"os":"Windows","ua":"Mozilla/5.0","ip":"192.0.2.1","geo":{"country":"USA","region":"CA","city":"San Francisco"}},
         "user":{"id":"u1","data":[{"id":"dp","segment":[{"id":"sports-fans"}]}]},
         "regs":{"ext":{"gdpr":1}}, "source":{"ext":{"schain":{"complete":1,"ver":"1.0","nodes":[{"asi":"exchange.example","sid":"1","hp":1}]}}}}
        """;

    public const string Video = """
        {"id":"req-video","imp":[{"id":"v1","video":{"mimes":["video/mp4"],"minduration":5,"maxduration":30,"protocols":[2,3,5,6],"w":640,"h":360}}],
         "app":{"bundle":"com.example.game"},"device":{"devicetype":4,"os":"iOS","geo":{"country":"GBR"}}}
        """;

    public const string Native = """
        {"id":"req-native","imp":[{"id":"n1","native":{"ver":"1.2","request":"{\"ver\":\"1.2\",\"context\":1,\"plcmttype\":1,\"assets\":[{\"id\":1,\"required\":1,\"title\":{\"len\":90}},{\"id\":2,\"img\":{\"type\":3,\"wmin\":300,\"hmin\":250}}]}"}}],
         "site":{"domain":"blog.example"}}
        """;

    public const string Private = """
        {"id":"req-pmp","imp":[{"id":"1","banner":{"w":300,"h":250},"pmp":{"private_auction":1,"deals":[{"id":"deal-42","bidfloor":3.0,"bidfloorcur":"USD"}]}}],"site":{"domain":"premium.example"}}
        """;

    /// <summary>Invalid requests and the field each must be refused for.</summary>
    public static readonly (string Name, string Body, string Field)[] Invalid =
    [
        ("missing id", """{"imp":[{"id":"1","banner":{"w":300,"h":250}}]}""", "id"),
        ("no imp", """{"id":"r"}""", "imp"),
        ("empty imp", """{"id":"r","imp":[]}""", "imp"),
        ("duplicate imp ids", """{"id":"r","imp":[{"id":"1","banner":{"w":1,"h":1}},{"id":"1","banner":{"w":1,"h":1}}]}""", "imp[1].id"),
        ("imp without media", """{"id":"r","imp":[{"id":"1"}]}""", "imp[0]"),
        ("negative banner width", """{"id":"r","imp":[{"id":"1","banner":{"w":-300,"h":250}}]}""", "imp[0].banner.w"),
        ("negative format height", """{"id":"r","imp":[{"id":"1","banner":{"format":[{"w":300,"h":-1}]}}]}""", "imp[0].banner.format[0].h"),
        ("video without mimes", """{"id":"r","imp":[{"id":"1","video":{"mimes":[]}}]}""", "imp[0].video.mimes"),
        ("native without assets", """{"id":"r","imp":[{"id":"1","native":{"request":"{\"assets\":[]}"}}]}""", "imp[0].native.request.assets"),
        ("deal without id", """{"id":"r","imp":[{"id":"1","banner":{"w":1,"h":1},"pmp":{"deals":[{"bidfloor":1}]}}]}""", "imp[0].pmp.deals[0].id"),
        ("gdpr out of range", """{"id":"r","imp":[{"id":"1","banner":{"w":1,"h":1}}],"regs":{"gdpr":2}}""", "regs.gdpr"),
        ("consent not a string", """{"id":"r","imp":[{"id":"1","banner":{"w":1,"h":1}}],"user":{"ext":{"consent":1}}}""", "user.ext.consent"),
        ("negative tmax", """{"id":"r","tmax":-2,"imp":[{"id":"1","banner":{"w":1,"h":1}}]}""", "tmax"),
        ("wrong type", """{"id":"r","imp":[{"id":"1","banner":{"w":"wide","h":1}}]}""", "imp[0].banner.w"),
        ("malformed JSON", """{"id":"r","imp":[{"id":"1",""", "imp[0]"),
        ("not JSON", "garbage", "body"),
        ("JSON null", "null", "body"),
        ("bad floor currency", """{"id":"r","imp":[{"id":"1","banner":{"w":1,"h":1},"bidfloorcur":"dollars"}]}""", "imp[0].bidfloorcur"),
    ];
}
