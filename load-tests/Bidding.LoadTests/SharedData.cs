namespace Bidding.LoadTests;

/// <summary>Where the external test material is: BIDDING_SHARED_DATA, else ../shared/data from the current directory.</summary>
internal static class SharedData
{
    public static string Root => Environment.GetEnvironmentVariable("BIDDING_SHARED_DATA") is { Length: > 0 } configured
        ? configured
        : Path.GetFullPath(Path.Combine("..", "shared", "data"));

    public static string File(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        return System.IO.File.Exists(path) ? path : throw new OptionException($"{path} does not exist (set BIDDING_SHARED_DATA or pass the file)");
    }
}
