using Xunit;

namespace Bidding.Testing;

/// <summary>
/// Locates <c>../shared/data</c>: exchange material written by others, read in place and never
/// copied into the repository. Conformance tests over it use <see cref="SharedDataFactAttribute"/>,
/// which reports them as skipped — "did NOT run" — when the folder is absent, instead of passing.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    public const string AbsentMessage = "../shared/data is absent: this conformance test did NOT run";

    public static string Path(string relative)
    {
        var root = Root ?? throw new InvalidOperationException(AbsentMessage);
        return System.IO.Path.Combine(root, relative);
    }

    public static IEnumerable<string> Files(string relative, string pattern = "*.json")
    {
        var dir = Path(relative);
        Assert.True(Directory.Exists(dir), $"shared data folder missing: {dir}");
        return Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal);
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("BIDDING_SHARED_DATA");
        if (!string.IsNullOrEmpty(env))
            return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
                return candidate;
        }
        return null;
    }
}

/// <summary>A fact over <c>../shared/data</c>; skipped with a loud reason when the folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null)
            Skip = SharedData.AbsentMessage;
    }
}
