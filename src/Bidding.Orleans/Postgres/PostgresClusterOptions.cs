namespace Bidding.Orleans.Postgres;

/// <summary>Where the PostgreSQL cluster profile keeps membership and grain state.</summary>
public sealed class PostgresClusterOptions
{
    /// <summary>The storage name grains use by default: <c>[PersistentState("campaign", "bidding")]</c>.</summary>
    public const string DefaultStorageName = "bidding";

    /// <summary>Npgsql connection string of the cluster's database. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Name of the grain storage (and of the keyed <see cref="Storage.IGrainStateFeed"/> over it).
    /// Default <see cref="DefaultStorageName"/>.
    /// </summary>
    public string StorageName { get; set; } = DefaultStorageName;

    /// <summary>
    /// Whether each silo brings the schema up to date as it starts (under a lock, so silos starting
    /// together are safe). A current schema is only read, so a silo whose database user may not run DDL
    /// starts fine once the silo's <c>migrate</c> verb has run; turn this off to leave every change to that
    /// verb. Default <see langword="true"/>.
    /// </summary>
    public bool ApplySchemaOnStart { get; set; } = true;
}
