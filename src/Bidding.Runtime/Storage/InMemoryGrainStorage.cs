using System.Globalization;
using System.Runtime.CompilerServices;
using Bidding.Runtime.Core;

namespace Bidding.Runtime.Storage;

/// <summary>Grain storage in process memory, for tests and throwaway silos.</summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<GrainId, StoredState> _states = [];
    private readonly Lock _lock = new();
    private long _version;

    public Task<StoredState?> ReadAsync(GrainId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_states.TryGetValue(id, out var state) ? state : null);
        }
    }

    public Task<string> WriteAsync(GrainId id, byte[] data, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var current = _states.TryGetValue(id, out var state) ? state.Etag : null;
            if (current != expectedEtag)
                throw new InconsistentStateException(id, expectedEtag, current);
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _states[id] = new StoredState(data.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(GrainId id, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var current = _states.TryGetValue(id, out var state) ? state.Etag : null;
            if (current != expectedEtag)
                throw new InconsistentStateException(id, expectedEtag, current);
            _states.Remove(id);
            return Task.CompletedTask;
        }
    }

    public async IAsyncEnumerable<(string Key, StoredState State)> ReadAllAsync(string grainType, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<(string, StoredState)> snapshot;
        lock (_lock)
        {
            snapshot = [];
            foreach (var (id, state) in _states)
            {
                if (id.Type == grainType)
                    snapshot.Add((id.Key, state));
            }
        }
        foreach (var item in snapshot)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
