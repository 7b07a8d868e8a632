using System.Collections.Concurrent;
using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Catalog;

/// <summary>
/// This silo's read model of every definition: the latest persisted advertisers, campaigns and
/// creatives, plus the API-key index. The API lists from it; the snapshot builder turns it into
/// the immutable <see cref="Auction.BidSnapshot"/> the bid path reads. Objects put here are
/// treated as immutable (grains store a new object on each change). A change older than the
/// applied one (by <see cref="IDefinition.Revision"/>) is ignored, so changes may arrive in any order.
/// </summary>
public sealed class CatalogStore : ICatalogChangeSink
{
    private readonly ConcurrentDictionary<string, Advertiser> _advertisers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Campaign> _campaigns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Creative> _creatives = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _advertiserByKeyHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _revisions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private long _version;

    /// <summary>Increases on every change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Whether the stored definitions have been loaded (and the first bid snapshot built) since the silo started.</summary>
    public bool Loaded => Volatile.Read(ref _loaded);

    private bool _loaded;

    internal void MarkLoaded() => Volatile.Write(ref _loaded, true);

    public ICollection<Advertiser> Advertisers => _advertisers.Values;

    public ICollection<Campaign> Campaigns => _campaigns.Values;

    public ICollection<Creative> Creatives => _creatives.Values;

    public bool IsEmpty => _advertisers.IsEmpty && _campaigns.IsEmpty && _creatives.IsEmpty;

    public Advertiser? Advertiser(string id) => _advertisers.GetValueOrDefault(id);

    public Campaign? Campaign(string id) => _campaigns.GetValueOrDefault(id);

    public Creative? Creative(string id) => _creatives.GetValueOrDefault(id);

    public string? AdvertiserIdForKeyHash(string hash) => _advertiserByKeyHash.GetValueOrDefault(hash);

    public void Upsert(Advertiser advertiser)
    {
        lock (_gate)
        {
            if (!Advance("a", advertiser))
                return;
            _advertisers[advertiser.Id] = Clone.Of(advertiser);
            foreach (var hash in advertiser.ApiKeyHashes)
                _advertiserByKeyHash[hash] = advertiser.Id;
        }
        Signal();
    }

    public void Upsert(Campaign campaign)
    {
        lock (_gate)
        {
            if (!Advance("c", campaign))
                return;
            _campaigns[campaign.Id] = Clone.Of(campaign);
        }
        Signal();
    }

    public void Upsert(Creative creative)
    {
        lock (_gate)
        {
            if (!Advance("r", creative))
                return;
            _creatives[creative.Id] = Clone.Of(creative);
        }
        Signal();
    }

    public void RemoveCreative(string creativeId, long revision)
    {
        lock (_gate)
        {
            if (!Advance("r", creativeId, revision))
                return;
            _creatives.TryRemove(creativeId, out _);
        }
        Signal();
    }

    /// <summary>Records <paramref name="definition"/>'s revision; false if an equal or newer one is already applied.</summary>
    private bool Advance(string kind, IDefinition definition) => Advance(kind, definition.Id, definition.Revision);

    private bool Advance(string kind, string id, long revision)
    {
        var key = string.Concat(kind, ":", id);
        if (revision > 0 && _revisions.TryGetValue(key, out var known) && known >= revision)
            return false;
        _revisions[key] = revision;
        return true;
    }

    /// <summary>True when something changed since the last wait, false after <paramref name="timeout"/> without a change.</summary>
    /// <remarks>The semaphore's own timeout leaves no abandoned waiter behind to swallow the next change.</remarks>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

    private void Signal()
    {
        Interlocked.Increment(ref _version);
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change already signalled; one wake-up covers both.
            }
        }
    }
}
