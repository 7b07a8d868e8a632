using System.Text;
using System.Text.Json.Nodes;

namespace Bidding.LoadTests;

/// <summary>
/// OpenRTB request bodies to replay, each with a fresh id per send: every template is rewritten once
/// with its id first and a placeholder, so a send only joins three byte arrays.
/// </summary>
internal sealed class RequestCorpus
{
    private readonly (byte[] Prefix, byte[] Suffix)[] _templates;
    private long _next;

    private RequestCorpus((byte[], byte[])[] templates) => _templates = templates;

    public int Count => _templates.Length;

    /// <summary>The JSON files of a directory (or one file); files that are not a JSON object with an imp array are skipped.</summary>
    public static RequestCorpus Load(string path)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray() : [path];
        var templates = new List<(byte[], byte[])>();
        foreach (var file in files)
        {
            JsonObject? request;
            try
            {
                request = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }
            // Corpus files sometimes wrap the request (prebid-server's test files keep it under "mockBidRequest").
            if (request?["mockBidRequest"] is JsonObject inner)
                request = inner;
            if (request?["imp"] is not JsonArray)
                continue;
            templates.Add(Split(request));
        }
        return templates.Count > 0 ? new RequestCorpus([.. templates]) : throw new OptionException($"no OpenRTB requests (JSON objects with an imp array) under {path}");
    }

    /// <summary>The body of the next request in turn, with id <c>load-{n}</c>.</summary>
    public byte[] Next()
    {
        var n = Interlocked.Increment(ref _next);
        var (prefix, suffix) = _templates[n % _templates.Length];
        var id = Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new byte[prefix.Length + id.Length + suffix.Length];
        prefix.CopyTo(body, 0);
        id.CopyTo(body, prefix.Length);
        suffix.CopyTo(body, prefix.Length + id.Length);
        return body;
    }

    private static (byte[], byte[]) Split(JsonObject request)
    {
        var rewritten = new JsonObject { ["id"] = "load-\u0001" };
        foreach (var (name, value) in request.ToList())
        {
            if (name == "id")
                continue;
            request.Remove(name);
            rewritten[name] = value;
        }
        var text = rewritten.ToJsonString();
        var marker = text.IndexOf("\\u0001", StringComparison.Ordinal);
        return (Encoding.UTF8.GetBytes(text[..marker]), Encoding.UTF8.GetBytes(text[(marker + "\\u0001".Length)..]));
    }
}
