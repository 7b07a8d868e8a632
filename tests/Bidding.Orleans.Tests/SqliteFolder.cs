using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.Tests;

/// <summary>A temporary folder for a test's SQLite files: deleted at the end, after SQLite's pooled connections let go of them.</summary>
internal sealed class SqliteFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bidding-sqlite-").FullName;

    /// <summary>The event log's file in this folder.</summary>
    public string Events => System.IO.Path.Combine(Path, "events.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
