namespace Bidding.Runtime.Cluster;

/// <summary>A membership table in memory: for a single silo, and for tests of the protocol.</summary>
public sealed class InMemoryMembershipTable(TimeProvider time) : IMembershipTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> _entries = [];
    private long _version;

    public Task<MembershipTableData> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(new MembershipTableData(_version, [.. _entries.Values], time.GetUtcNow()));
    }

    public Task JoinAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _entries[silo] = new MembershipEntry(silo, SiloStatus.Active, now, now);
            _version++;
        }
        return Task.CompletedTask;
    }

    public Task<SiloStatus?> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(silo, out var entry))
                return Task.FromResult<SiloStatus?>(null);
            if (entry.Status != SiloStatus.Dead)
                _entries[silo] = entry with { HeartbeatAt = time.GetUtcNow() };
            return Task.FromResult<SiloStatus?>(entry.Status);
        }
    }

    public Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(silo, out var entry) || entry.Status == SiloStatus.Dead)
                return Task.FromResult(false);
            _entries[silo] = entry with { Status = status };
            _version++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(silo, out var entry) || entry.Status == SiloStatus.Dead || time.GetUtcNow() - entry.HeartbeatAt <= staleAfter)
                return Task.FromResult(false);
            _entries[silo] = entry with { Status = SiloStatus.Dead };
            _version++;
            return Task.FromResult(true);
        }
    }
}
