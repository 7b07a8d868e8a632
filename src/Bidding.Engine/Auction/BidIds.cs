namespace Bidding.Engine.Auction;

/// <summary>
/// Ids for bids and responses: 128 random bits as 32 hex digits, like a GUID but from the process's
/// fast generator rather than the operating system's secure one (a system call per id, a measurable part
/// of the bid path). Nothing relies on an id being unguessable: tracking URLs are signed.
/// </summary>
internal static class BidIds
{
    public static string Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
