using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Bidding.Silo.Api;

/// <summary>Object ids: client-chosen or generated, 1–64 of letters, digits, '-', '_' and '.'.</summary>
internal static partial class Ids
{
    public static string New(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();
}
