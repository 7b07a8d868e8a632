namespace Bidding.Orleans.Streams;

/// <summary>
/// Settings of an event-log stream provider (<c>AddEventLogStreams(name, configure)</c>). Events are
/// appended durably to a partitioned log; each partition is one Orleans queue, pulled by one agent in
/// the cluster, which checkpoints the partition once the events are delivered.
/// </summary>
public sealed class EventLogStreamOptions
{
    /// <summary>Which store holds the log. No default: <see cref="UseSqlite"/>, <see cref="UsePostgres"/> or <see cref="UseInMemory"/>.</summary>
    public EventLogStoreKind Store { get; set; }

    /// <summary>The SQLite file, for <see cref="EventLogStoreKind.Sqlite"/>; its folder is created if missing.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>The PostgreSQL connection string, for <see cref="EventLogStoreKind.Postgres"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Partitions (= Orleans queues) the streams are spread over; default 8, at most 1024. A stream's
    /// events stay in order within its partition. Fixed for the life of a log: start-up fails on a change.
    /// </summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Most entries a pulling agent reads from its partition at once; default 500 (also capped by a tenth of <see cref="CacheSize"/>).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Most appends written in one transaction by the group commit; default 2000.</summary>
    public int MaxAppendBatch { get; set; } = 2000;

    /// <summary>How often an idle pulling agent looks for new entries; default 100 ms (an agent with a backlog reads without pause).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Batches a pulling agent holds in memory per partition while consumers catch up; default 4096.</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>
    /// How long delivered entries are kept before they are deleted; default 100 days; null keeps everything.
    /// An entry appended with an id is recognised as a repeat only while kept: keep entries longer than
    /// any producer may send the same event again.
    /// </summary>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(100);

    /// <summary>How often the agent of a partition deletes entries past <see cref="Retention"/>; default 1 hour.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Keeps the log in a SQLite file.</summary>
    public EventLogStreamOptions UseSqlite(string path)
    {
        Store = EventLogStoreKind.Sqlite;
        SqlitePath = path;
        return this;
    }

    /// <summary>Keeps the log in PostgreSQL.</summary>
    public EventLogStreamOptions UsePostgres(string connectionString)
    {
        Store = EventLogStoreKind.Postgres;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Keeps the log in this silo's memory (tests, demos).</summary>
    public EventLogStreamOptions UseInMemory()
    {
        Store = EventLogStoreKind.InMemory;
        return this;
    }
}
