using Bidding.Engine.Grains;
using Orleans.Storage;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Whether this silo can still write what it must: a small state written to the grain storage under this silo's own
/// key, and whatever each <see cref="IWritableCheck"/> adds (the event log). A store that answers reads but refuses
/// writes (a full disk, a read-only replica) makes the silo not ready. The answer is kept for a second, so frequent
/// probes cost one write a second.
/// </summary>
internal sealed class WriteProbe(IServiceProvider services, ILocalSiloDetails silo, IEnumerable<IWritableCheck> checks, TimeProvider time)
{
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, string? Problem) _last = (DateTimeOffset.MinValue, null);

    /// <summary>Null when everything could be written within two seconds; else what could not.</summary>
    public async Task<string?> ProblemAsync(CancellationToken aborted)
    {
        await _gate.WaitAsync(aborted);
        try
        {
            if (time.GetUtcNow() - _last.At < Reuse)
                return _last.Problem;
            var problem = await CheckAsync(aborted);
            _last = (time.GetUtcNow(), problem);
            return problem;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string?> CheckAsync(CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var what = "grain storage";
        try
        {
            await WriteStateAsync().WaitAsync(timeout.Token);
            foreach (var check in checks)
            {
                what = check.Name;
                await check.CheckWritableAsync(timeout.Token);
            }
            return null;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return $"{what} not writable within 2 s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"{what} not writable: {e.GetType().Name}";
        }
    }

    /// <summary>What a silo's probe rows are keyed by: host and port, so a restarted silo (a new generation) reuses its rows.</summary>
    public static string ProbeKey(ILocalSiloDetails silo) => $"{silo.DnsHostName}:{silo.SiloAddress.Endpoint.Port}";

    private async Task WriteStateAsync()
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(GrainTypes.Storage);
        var id = GrainId.Create("readiness-probe", ProbeKey(silo));
        var state = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("readiness-probe", id, state);
        state.State = new ProbeState { At = time.GetUtcNow() };
        await storage.WriteStateAsync("readiness-probe", id, state);
    }
}

/// <summary>Something besides grain storage a silo must be able to write to be ready (the event log).</summary>
internal interface IWritableCheck
{
    string Name { get; }

    Task CheckWritableAsync(CancellationToken cancellationToken);
}

/// <summary>The readiness probe's own state: when it last wrote.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.ProbeState")]
internal sealed class ProbeState
{
    public DateTimeOffset At { get; set; }
}
