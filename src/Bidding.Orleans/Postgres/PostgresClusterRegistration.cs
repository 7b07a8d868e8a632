namespace Bidding.Orleans.Postgres;

/// <summary>What <see cref="PostgresClusterSiloBuilderExtensions.UsePostgresCluster"/> registered, so a second call can tell a repeat from a conflict.</summary>
internal sealed record PostgresClusterRegistration(string ConnectionString, string StorageName, bool ApplySchemaOnStart)
{
    /// <summary>The name Orleans' ADO.NET storage is registered under, behind <see cref="StringKeyGrainStorage"/>.</summary>
    public string InnerStorageName => StorageName + ".adonet";
}
