using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.EventLog;

/// <summary>
/// The event log's tables in a SQLite file, created if missing, and the partition count the log was
/// made with. Positions are row ids with AUTOINCREMENT, so a purged position is never given out again.
/// </summary>
internal static class SqliteEventLogSchema
{
    private const string Tables = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS eventlog_entry (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            partition INTEGER NOT NULL,
            event_id TEXT,
            payload BLOB NOT NULL,
            appended_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS eventlog_entry_event_id ON eventlog_entry (event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS eventlog_entry_partition ON eventlog_entry (partition, position);
        CREATE TABLE IF NOT EXISTS eventlog_checkpoint (
            partition INTEGER NOT NULL,
            consumer TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (partition, consumer)
        );
        CREATE TABLE IF NOT EXISTS eventlog_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """;

    /// <summary>Creates what is missing on <paramref name="connection"/> (the writer: it also sets full sync) and returns the log's partition count.</summary>
    public static int Ensure(SqliteConnection connection, int partitions)
    {
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = Tables + "PRAGMA synchronous=FULL;";
            schema.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO eventlog_meta (name, value) VALUES ('partitions', $n);
            SELECT value FROM eventlog_meta WHERE name = 'partitions';
            """;
        command.Parameters.AddWithValue("$n", partitions);
        return (int)(long)command.ExecuteScalar()!;
    }
}
