namespace Bidding.Orleans.Streams;

/// <summary>Where an event-log stream provider keeps its log.</summary>
public enum EventLogStoreKind
{
    /// <summary>Not chosen: start-up fails, so a silo never runs on a store it was not told to use.</summary>
    None = 0,

    /// <summary>In this silo's memory: nothing survives a restart and other silos do not see it (tests, demos).</summary>
    InMemory,

    /// <summary>An embedded SQLite file (<see cref="EventLogStreamOptions.SqlitePath"/>): the single-machine profile.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<see cref="EventLogStreamOptions.ConnectionString"/>) shared by the cluster.</summary>
    Postgres,
}
