using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Cluster;

/// <summary>
/// This silo's side of the membership protocol: it joins the table, heartbeats, declares silos
/// whose heartbeats stopped dead (judged by the table's clock), and keeps <see cref="View"/> at
/// the table's latest version. A silo that finds itself declared dead stops its host.
/// </summary>
public sealed partial class ClusterMembership : IHostedService, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ClusterMembership> _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly SemaphoreSlim _notifyGate = new(1, 1);
    private Task _loop = Task.CompletedTask;
    private volatile MembershipView _view = MembershipView.Empty;
    private volatile bool _left;
    private MembershipView? _announced;
    private int _disposed;

    public ClusterMembership(IMembershipTable table, IOptions<ClusterOptions> options, IHostApplicationLifetime lifetime,
        TimeProvider time, ILogger<ClusterMembership> logger)
    {
        _table = table;
        _options = options.Value;
        _lifetime = lifetime;
        _logger = logger;
        _time = time;
        Self = new SiloAddress(_options.AdvertisedHost, _options.SiloPort, time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public SiloAddress Self { get; }

    /// <summary>The active silos as this silo last read them.</summary>
    public MembershipView View => _view;

    /// <summary>True once this silo has joined and until it leaves or is declared dead.</summary>
    public bool IsActive => !_left && _view.Contains(Self);

    /// <summary>Raised (one at a time, off the caller's path) after <see cref="View"/> changes.</summary>
    public event Func<MembershipView, Task>? ViewChanged;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _table.JoinAsync(Self, cancellationToken);
        await RefreshAsync(cancellationToken);
        LogJoined(_logger, Self, _view.Version, _view.Active.Length);
        _loop = RunAsync(_stopping.Token);
    }

    /// <summary>Leaves gracefully: owns nothing from now on, hands grains over through <see cref="ViewChanged"/>, then is marked dead.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (_left)
            return;
        _left = true;
        await _table.UpdateStatusAsync(Self, SiloStatus.ShuttingDown, cancellationToken);
        await RefreshAsync(cancellationToken);
        await _table.UpdateStatusAsync(Self, SiloStatus.Dead, cancellationToken);
        LogLeft(_logger, Self);
    }

    /// <summary>Stops heartbeating without leaving, as a crashed process would (tests kill silos with it).</summary>
    public void Abandon()
    {
        _left = true;
        _stopping.Cancel();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Reads the table now and applies a newer view; concurrent callers share one read.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var before = _view.Version;
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (_view.Version != before)
                return;
            Apply(await _table.ReadAsync(cancellationToken));
        }
        finally
        {
            _refreshGate.Release();
        }
        await NotifyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stopping.Cancel();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _refreshGate.Dispose();
        _notifyGate.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, cancellationToken);
                await BeatAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogHeartbeatFailed(_logger, e);
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (!_left && await _table.HeartbeatAsync(Self, cancellationToken) is not (SiloStatus.Active or SiloStatus.ShuttingDown))
        {
            LogDeclaredDead(_logger, Self);
            _left = true;
            await RefreshAsync(cancellationToken);
            _lifetime.StopApplication();
            return;
        }
        var table = await _table.ReadAsync(cancellationToken);
        foreach (var entry in table.Entries)
        {
            if (entry.Status != SiloStatus.Dead && entry.Silo != Self && table.Now - entry.HeartbeatAt > _options.DeadAfter
                && await _table.DeclareDeadAsync(entry.Silo, _options.DeadAfter, cancellationToken))
            {
                LogDeclaringDead(_logger, entry.Silo, table.Now - entry.HeartbeatAt);
                table = await _table.ReadAsync(cancellationToken);
            }
        }
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            Apply(table);
        }
        finally
        {
            _refreshGate.Release();
        }
        await NotifyAsync();
    }

    private void Apply(MembershipTableData table)
    {
        var view = MembershipView.From(table);
        if (_left && view.Contains(Self))
            view = view with { Active = view.Active.Remove(Self) };
        if (view.Version < _view.Version || (view.Version == _view.Version && view.Active.SequenceEqual(_view.Active)))
            return;
        _view = view;
        LogViewChanged(_logger, view.Version, string.Join(", ", view.Active));
    }

    /// <summary>Runs the view-change handlers for the newest view not yet announced, outside the refresh gate.</summary>
    private async Task NotifyAsync()
    {
        await _notifyGate.WaitAsync();
        try
        {
            var view = _view;
            if (ReferenceEquals(view, _announced) || ViewChanged is not { } handlers)
                return;
            _announced = view;
            foreach (var handler in handlers.GetInvocationList())
            {
                try
                {
                    await ((Func<MembershipView, Task>)handler)(view);
                }
                catch (Exception e)
                {
                    LogViewHandlerFailed(_logger, e);
                }
            }
        }
        finally
        {
            _notifyGate.Release();
        }
    }

    [LoggerMessage(3001, LogLevel.Information, "Silo {Silo} joined the cluster at membership version {Version} with {Active} active silos")]
    private static partial void LogJoined(ILogger logger, SiloAddress silo, long version, int active);

    [LoggerMessage(3002, LogLevel.Information, "Membership view {Version}: {Silos}")]
    private static partial void LogViewChanged(ILogger logger, long version, string silos);

    [LoggerMessage(3003, LogLevel.Warning, "Declared silo {Silo} dead: no heartbeat for {Silence}")]
    private static partial void LogDeclaringDead(ILogger logger, SiloAddress silo, TimeSpan silence);

    [LoggerMessage(3004, LogLevel.Critical, "This silo ({Silo}) was declared dead by the cluster; stopping")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(3005, LogLevel.Warning, "Membership heartbeat failed; retrying")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(3006, LogLevel.Error, "A membership view-change handler failed")]
    private static partial void LogViewHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(3007, LogLevel.Information, "Silo {Silo} left the cluster")]
    private static partial void LogLeft(ILogger logger, SiloAddress silo);
}
