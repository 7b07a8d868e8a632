using Bidding.Runtime.Core;

namespace Bidding.Runtime.Cluster;

/// <summary>
/// Which silo owns a grain: rendezvous (highest random weight) hashing of the grain id against each
/// active silo. A pure function of the id and the view, so silos holding the same view agree, and
/// when a silo leaves only its own grains move.
/// </summary>
public static class Placement
{
    public static SiloAddress? OwnerOf(GrainId id, MembershipView view)
    {
        var grain = Hash(id.Type, id.Key);
        SiloAddress? owner = null;
        var best = 0UL;
        foreach (var silo in view.Active)
        {
            var score = Mix(grain ^ Hash(silo.Host, silo.Port, silo.Generation));
            if (owner is null || score > best)
            {
                owner = silo;
                best = score;
            }
        }
        return owner;
    }

    private static ulong Hash(string a, string b) => Fnv(Fnv(Fnv(14695981039346656037UL, a), "/"), b);

    private static ulong Hash(string host, int port, long generation) =>
        Mix(Fnv(14695981039346656037UL, host) ^ Mix((ulong)port) ^ Mix((ulong)generation * 31));

    private static ulong Fnv(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>The SplitMix64 finalizer: spreads nearby inputs over the whole range.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
