using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Tracking;

/// <summary>A key tracking URLs are signed with.</summary>
public sealed class TrackingKey
{
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,32}$")]
    public string Id { get; set; } = "";

    /// <summary>At least 32 characters; keep it in a secret store.</summary>
    [Required, MinLength(32)]
    public string Secret { get; set; } = "";
}

/// <summary>What clearing prices count as spend.</summary>
public enum SpendSource
{
    /// <summary>The billing notice (<c>burl</c>), the OpenRTB 2.6 billable event.</summary>
    Billing,

    /// <summary>The win notice (<c>nurl</c>), for exchanges that send no billing notice.</summary>
    Win,
}

/// <summary>Settings of tracking URLs and the notice endpoints (section <c>Tracking</c>).</summary>
public sealed class TrackingOptions
{
    /// <summary>The public base URL the tracking endpoints are reached at, e.g. https://track.example.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// Signing keys: the first signs, all verify (so a key is rotated by putting the new one first
    /// and keeping the old one until its URLs have expired). Every silo must have the same keys.
    /// Empty: a random key for this process only, fine for a single development silo.
    /// </summary>
    public List<TrackingKey> Keys { get; set; } = [];

    /// <summary>How long after the bid win, billing, loss and impression events are accepted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan NoticeWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after the bid a click is accepted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ClickWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long after the bid a conversion is attributed (campaigns may set a shorter window).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan ConversionWindow { get; set; } = TimeSpan.FromDays(7);

    public SpendSource SpendOn { get; set; } = SpendSource.Billing;

    /// <summary>Names this silo in tracking URLs (for tracing an event back to the bid that made it).</summary>
    [Required, RegularExpression("^[A-Za-z0-9._:-]{1,64}$")]
    public string SiloId { get; set; } = SafeMachineName();

    private static string SafeMachineName()
    {
        var name = new string([.. Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')]);
        return name.Length is > 0 and <= 64 ? name : "silo";
    }
}
