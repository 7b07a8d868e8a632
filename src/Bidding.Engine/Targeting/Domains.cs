namespace Bidding.Engine.Targeting;

/// <summary>Domain normalization for allow and block lists: lower case, no scheme, no "www.".</summary>
public static class Domains
{
    public static string? Normalize(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
            return null;
        var d = domain.Trim();
        if (d.Contains("://", StringComparison.Ordinal))
            d = HostOf(d) ?? d;
        d = d.TrimEnd('.').ToLowerInvariant();
        return d.StartsWith("www.", StringComparison.Ordinal) ? d[4..] : d;
    }

    public static string? HostOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return uri.Host;
        return Uri.TryCreate("http://" + url, UriKind.Absolute, out uri) ? uri.Host : null;
    }
}
