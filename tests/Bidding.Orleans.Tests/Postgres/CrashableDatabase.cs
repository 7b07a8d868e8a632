using Npgsql;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// A test database as one silo sees it, through a role of its own, that can be cut off the way a crash
/// cuts a silo off: from <see cref="IsolateAsync"/> on, that role's sessions read and write a private copy
/// of the membership tables. The silo still shuts down quickly (its writes succeed, on the copy), and the
/// real table keeps it Active until the other silos vote it dead.
/// </summary>
internal sealed class CrashableDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _role;

    private CrashableDatabase(string admin, string role, string connectionString)
    {
        _admin = admin;
        _role = role;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<CrashableDatabase> CreateAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var role = "crash_" + builder.Database;
        // Superuser, so the silo may run the schema check like any other silo.
        await ExecuteAsync(database, $"CREATE ROLE {role} LOGIN SUPERUSER");
        builder.Username = role;
        return new CrashableDatabase(database, role, builder.ConnectionString);
    }

    public async Task IsolateAsync()
    {
        // The providers name tables without a schema, so search_path decides which copy a session writes.
        await ExecuteAsync(_admin, $"""
            CREATE SCHEMA {_role};
            CREATE TABLE {_role}.orleans_membership_version AS TABLE public.orleans_membership_version;
            CREATE TABLE {_role}.orleans_membership AS TABLE public.orleans_membership;
            ALTER ROLE {_role} SET search_path = {_role}, public;
            """);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await ExecuteAsync(_admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{_role}'");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await ExecuteAsync(_admin, $"""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{_role}';
            DROP SCHEMA IF EXISTS {_role} CASCADE;
            DROP OWNED BY {_role};
            DROP ROLE {_role};
            """);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
