using Bidding.Orleans.Postgres;
using Bidding.Testing;
using Npgsql;

namespace Bidding.Orleans.Tests.Postgres;

public sealed class PostgresSchemaTests
{
    // Every key the 10.4.2 providers read: clustering loads the whole table and insists on the nine
    // DbStoredQueries keys (CleanupDefunctSiloEntryKey is optional); storage selects its four by name
    // (DeleteStorageKey only when DeleteStateOnClear is set).
    private static readonly string[] ProviderKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [Fact]
    public async Task Schema_applies_twice_and_records_each_migration_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        Assert.Equal(PostgresSchema.CurrentVersion, await PostgresSchema.ApplyAsync(database));
        Assert.Equal(0, await PostgresSchema.ApplyAsync(database));

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedVersionsAsync(database));
    }

    [Fact]
    public async Task Schema_applies_concurrently_from_four_tasks()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.ApplyAsync(database))));

        Assert.Equal(PostgresSchema.CurrentVersion, applied.Sum());
        Assert.Equal(3, applied.Count(a => a == 0));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedVersionsAsync(database));
    }

    [Fact]
    public async Task Schema_provides_every_query_the_providers_read()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);

        var keys = await ListAsync<string>(database, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");

        Assert.Equal(ProviderKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_current_schema_is_checked_without_the_right_to_create_tables()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);
        var builder = new NpgsqlConnectionStringBuilder(database);
        var role = "reader_" + builder.Database;
        await ExecuteAsync(database, $"CREATE ROLE {role} LOGIN; GRANT SELECT ON bidding_schema TO {role}");
        builder.Username = role;

        try
        {
            Assert.Equal(0, await PostgresSchema.ApplyAsync(builder.ConnectionString));
        }
        finally
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(builder.ConnectionString));
            await ExecuteAsync(database, $"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task Schema_refuses_a_database_from_a_newer_build()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);
        await ExecuteAsync(database, $"INSERT INTO bidding_schema (version, name) VALUES ({PostgresSchema.CurrentVersion + 1}, 'future')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.ApplyAsync(database));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_refuses_a_database_of_the_home_made_runtime()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await ExecuteAsync(database, "CREATE TABLE bidding_schema (id integer PRIMARY KEY, version integer NOT NULL); INSERT INTO bidding_schema VALUES (1, 2)");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.ApplyAsync(database));

        Assert.Contains("Bidding.Runtime.Postgres", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ListAsync<string>(database, "SELECT tablename::text FROM pg_tables WHERE tablename LIKE 'orleans%'"));
    }

    private static Task<List<int>> AppliedVersionsAsync(string database) =>
        ListAsync<int>(database, "SELECT version FROM bidding_schema ORDER BY version");

    internal static async Task<List<T>> ListAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    internal static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
