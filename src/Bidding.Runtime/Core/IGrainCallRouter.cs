using System.Reflection;
using Bidding.Runtime.Cluster;

namespace Bidding.Runtime.Core;

/// <summary>Where a grain call goes.</summary>
public enum GrainRoute
{
    /// <summary>This silo owns the grain: run the call here.</summary>
    Local,

    /// <summary>Another silo owns it: send the call there.</summary>
    Remote,

    /// <summary>No silo owns anything yet (joining) or any more (left): wait for a view.</summary>
    Unplaced,
}

/// <summary>
/// Places grains on silos and carries calls to the ones owned elsewhere. Absent in a single silo,
/// where every grain is local.
/// </summary>
public interface IGrainCallRouter
{
    GrainRoute Route(GrainId id, out SiloAddress owner);

    /// <summary>Sends one call to <paramref name="owner"/>; throws <see cref="GrainCallRejectedException"/> when it was not run there.</summary>
    Task<object?> SendAsync(SiloAddress owner, GrainId id, MethodInfo method, object?[]? args, CancellationToken cancellationToken);

    /// <summary>Re-reads membership after a rejected call.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>How long a call may take, retries included.</summary>
    TimeSpan CallTimeout { get; }
}

/// <summary>A call that did not run on the silo it was sent to (not the owner, unreachable, leaving): safe to retry elsewhere.</summary>
public sealed class GrainCallRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The grain threw on the silo that owns it; the original type and message are kept.</summary>
public sealed class RemoteGrainException(string exceptionType, string message) : Exception($"{exceptionType}: {message}")
{
    public string ExceptionType { get; } = exceptionType;
}
