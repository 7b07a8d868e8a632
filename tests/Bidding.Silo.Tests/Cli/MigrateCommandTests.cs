using Bidding.Silo.Cli;
using Bidding.Testing;
using Npgsql;

namespace Bidding.Silo.Tests.Cli;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_brings_an_empty_database_to_the_schema_once_and_then_reports_it_current()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, MigrateCommand.Run(["--connection", database], output, error));
        Assert.Contains("applied", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, MigrateCommand.Run(["--connection", database], output, error));
        Assert.Contains("already", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansquery WHERE querykey = 'WriteToStorageKey'", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public void Migrate_without_a_connection_string_says_how_to_give_one()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, MigrateCommand.Run(["--nonsense"], output, error));
        Assert.Contains("--connection", error.ToString(), StringComparison.Ordinal);
    }
}
