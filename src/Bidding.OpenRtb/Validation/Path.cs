namespace Bidding.OpenRtb.Validation;

internal static class Path
{
    public static string Imp(int index) => $"imp[{index}]";
}
