using Microsoft.Data.Sqlite;

namespace Bidding.Orleans.Storage;

/// <summary>What opening a file found and changed.</summary>
internal readonly record struct SqliteGrainStateUpgrade(string JournalMode, bool ChangeSeqAdded, int RowsNumbered);

/// <summary>
/// The file's tables: <c>grain_state</c> in exactly the row format of the home-made runtime's store, so an
/// existing embedded file keeps its data, and <c>grain_state_seq</c>, which only this provider uses.
/// </summary>
internal static class SqliteGrainStateSchema
{
    // A new file gets change_seq with the same definition the in-place ALTER below gives an old one.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            updated_utc TEXT NOT NULL,
            change_seq INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (grain_type, grain_key)
        );
        CREATE TABLE IF NOT EXISTS grain_state_seq (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_seq INTEGER NOT NULL
        );
        """;

    /// <summary>
    /// The next change number: above every number in the table and above the highest one that a clear deleted
    /// (kept in <c>grain_state_seq</c>), so numbers never go back, not even after the newest row is cleared.
    /// </summary>
    public const string NextChangeSeq = """
        (max((SELECT COALESCE(MAX(change_seq), 0) FROM grain_state),
             (SELECT COALESCE(MAX(last_seq), 0) FROM grain_state_seq)) + 1)
        """;

    /// <summary>Run before a delete, in its transaction: remembers the highest number given out so far.</summary>
    public const string KeepLastChangeSeq = """
        INSERT INTO grain_state_seq (id, last_seq)
        SELECT 1, COALESCE(MAX(change_seq), 0) FROM grain_state WHERE true
        ON CONFLICT (id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq);
        """;

    public static SqliteGrainStateUpgrade Apply(SqliteConnection connection)
    {
        // WAL lets the feed's readers run beside the writer. The mode is stored in the file, and cannot be
        // changed inside a transaction, so it goes first.
        var journalMode = (string)Scalar(connection, null, "PRAGMA journal_mode=WAL")!;

        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, Tables);

        // Files written before the change feed existed lack the column; their rows get it with 0.
        var changeSeqAdded = (long)Scalar(connection, transaction, "SELECT COUNT(*) FROM pragma_table_info('grain_state') WHERE name = 'change_seq'")! == 0;
        if (changeSeqAdded)
            Execute(connection, transaction, "ALTER TABLE grain_state ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0");
        Execute(connection, transaction, "CREATE INDEX IF NOT EXISTS grain_state_change ON grain_state (change_seq)");

        // A row numbered 0 would never be listed, not even by a read from 0 (which is "after 0"): give each
        // one a distinct number above all others (rowids are distinct and positive).
        var highest = (long)Scalar(connection, transaction, "SELECT COALESCE(MAX(change_seq), 0) FROM grain_state")!;
        using var number = connection.CreateCommand();
        number.Transaction = transaction;
        number.CommandText = "UPDATE grain_state SET change_seq = $highest + rowid WHERE change_seq = 0";
        number.Parameters.AddWithValue("$highest", highest);
        var rowsNumbered = number.ExecuteNonQuery();

        transaction.Commit();
        return new SqliteGrainStateUpgrade(journalMode, changeSeqAdded, rowsNumbered);
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
