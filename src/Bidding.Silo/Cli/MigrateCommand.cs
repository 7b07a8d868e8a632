using Bidding.Orleans.Postgres;
using Npgsql;

namespace Bidding.Silo.Cli;

/// <summary>
/// <c>bidding migrate</c>: brings a PostgreSQL database to the schema this build needs (Orleans' membership and
/// grain storage, the event log), for operators whose silos may not run DDL (<c>ApplySchemaOnStart</c> off).
/// Safe to run while silos run and more than once.
/// </summary>
internal static class MigrateCommand
{
    private const string Help = """
        bidding migrate [--connection <connection string>]

        Applies the cluster's PostgreSQL schema migrations that the database lacks, in order, under a lock.
        The connection string defaults to the silo's: Bidding__Silo__ConnectionString, then
        ConnectionStrings__Bidding in the environment.
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? connection = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    output.WriteLine(Help);
                    return 0;
                case "--connection" when i + 1 < args.Length:
                    connection = args[++i];
                    break;
                default:
                    error.WriteLine($"migrate: unexpected '{args[i]}'\n\n{Help}");
                    return 2;
            }
        }
        connection ??= Environment.GetEnvironmentVariable("Bidding__Silo__ConnectionString") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Bidding");
        if (string.IsNullOrWhiteSpace(connection))
        {
            error.WriteLine($"migrate: no connection string (--connection, or Bidding__Silo__ConnectionString)\n\n{Help}");
            return 2;
        }
        try
        {
            var applied = PostgresSchema.ApplyAsync(connection).GetAwaiter().GetResult();
            output.WriteLine(applied == 0
                ? $"migrate: the schema is at version {PostgresSchema.CurrentVersion} already"
                : $"migrate: applied {applied} migration(s); the schema is at version {PostgresSchema.CurrentVersion}");
            return 0;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"migrate: {e.Message}");
            return 1;
        }
    }
}
