namespace Bidding.Orleans.Streams;

/// <summary>Where an event-log stream provider keeps its log.</summary>
public enum EventLogStoreKind
{
    /// <summary>Not chosen: start-up fails, so a silo never runs on a store it was not told to use.</summary>
    None = 0,

    /// <summary>
    /// In this silo's memory, for tests and demos: nothing survives a restart, and only a one-silo cluster may
    /// use it (with two, a queue pulled on the other silo would never see this silo's events).
    /// </summary>
    InMemory,

    /// <summary>An embedded SQLite file (<see cref="EventLogStreamOptions.SqlitePath"/>): the single-machine profile.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<see cref="EventLogStreamOptions.ConnectionString"/>) shared by the cluster.</summary>
    Postgres,
}
