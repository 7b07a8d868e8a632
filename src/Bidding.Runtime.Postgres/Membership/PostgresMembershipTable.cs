using Bidding.Runtime.Cluster;
using Npgsql;

namespace Bidding.Runtime.Postgres.Membership;

/// <summary>
/// The membership table in PostgreSQL, one set of rows per cluster id. A status change and the
/// version bump commit together; staleness is judged by the database clock (<c>now()</c>), so silo
/// clocks never decide who is dead.
/// </summary>
public sealed class PostgresMembershipTable(NpgsqlDataSource dataSource, string clusterId) : IMembershipTable
{
    private const string Match = "cluster_id = $1 AND host = $2 AND port = $3 AND generation = $4";

    public async Task<MembershipTableData> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var version = new NpgsqlCommand("SELECT coalesce((SELECT version FROM membership_version WHERE cluster_id = $1), 0), now()", connection, transaction);
        version.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        long tableVersion;
        DateTimeOffset now;
        await using (var reader = await version.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            tableVersion = reader.GetInt64(0);
            now = reader.GetFieldValue<DateTimeOffset>(1);
        }
        await using var rows = new NpgsqlCommand("""
            SELECT host, port, generation, status, started_at, heartbeat_at FROM silo_membership
            WHERE cluster_id = $1 ORDER BY host, port, generation
            """, connection, transaction);
        rows.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        var entries = new List<MembershipEntry>();
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new MembershipEntry(
                    new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)),
                    (SiloStatus)reader.GetInt16(3),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new MembershipTableData(tableVersion, entries, now);
    }

    public async Task JoinAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        // Rows of silos dead for a day only record history; each join sweeps them so the table stays small.
        await using (var sweep = dataSource.CreateCommand($"DELETE FROM silo_membership WHERE cluster_id = $1 AND status = {(short)SiloStatus.Dead} AND heartbeat_at < now() - interval '1 day'"))
        {
            sweep.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }
        await ChangeAsync(silo, """
            INSERT INTO silo_membership (cluster_id, host, port, generation, status) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (cluster_id, host, port, generation) DO UPDATE SET status = excluded.status, heartbeat_at = now()
            """, (short)SiloStatus.Active, cancellationToken);
    }

    public async Task<SiloStatus?> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH beat AS (UPDATE silo_membership SET heartbeat_at = now() WHERE {Match} AND status <> {(short)SiloStatus.Dead} RETURNING status)
            SELECT status FROM beat
            UNION ALL SELECT status FROM silo_membership WHERE {Match} AND NOT EXISTS (SELECT 1 FROM beat)
            """);
        AddSilo(command, silo);
        return await command.ExecuteScalarAsync(cancellationToken) is short status ? (SiloStatus)status : null;
    }

    public Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken = default) =>
        ChangeAsync(silo, $"UPDATE silo_membership SET status = $5 WHERE {Match} AND status <> {(short)SiloStatus.Dead}", (short)status, cancellationToken);

    public Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan staleAfter, CancellationToken cancellationToken = default) =>
        ChangeAsync(silo, $"""
            UPDATE silo_membership SET status = {(short)SiloStatus.Dead}
            WHERE {Match} AND status <> {(short)SiloStatus.Dead} AND heartbeat_at < now() - $5
            """, staleAfter, cancellationToken);

    /// <summary>Runs one row change and, if it changed a row, bumps the version in the same transaction.</summary>
    private async Task<bool> ChangeAsync<T>(SiloAddress silo, string sql, T fifth, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var change = new NpgsqlCommand(sql, connection, transaction);
        AddSilo(change, silo);
        change.Parameters.Add(new NpgsqlParameter<T> { TypedValue = fifth });
        if (await change.ExecuteNonQueryAsync(cancellationToken) == 0)
            return false;
        await using var bump = new NpgsqlCommand("""
            INSERT INTO membership_version (cluster_id, version) VALUES ($1, 1)
            ON CONFLICT (cluster_id) DO UPDATE SET version = membership_version.version + 1
            """, connection, transaction);
        bump.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        await bump.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private void AddSilo(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = silo.Host });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = silo.Port });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = silo.Generation });
    }
}
