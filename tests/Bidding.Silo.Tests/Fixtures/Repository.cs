namespace Bidding.Silo.Tests.Fixtures;

/// <summary>The repository the tests run from, for tests of its files (deploy/, helm/, docs/).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bidding.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (Bidding.sln) is not above " + AppContext.BaseDirectory);
    }
}
