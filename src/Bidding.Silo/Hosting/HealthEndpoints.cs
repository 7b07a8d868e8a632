using Bidding.Engine.Catalog;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Storage;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Liveness (the process answers) and readiness (not draining, the catalog loaded, an active
/// cluster member when clustered, the grain store answering): <c>/healthz</c>, <c>/readyz</c>, and
/// the same under <c>/health/live</c>, <c>/health/ready</c>.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Live).ExcludeFromDescription();
        app.MapGet("/health/live", Live).ExcludeFromDescription();
        app.MapGet("/readyz", Ready).ExcludeFromDescription();
        app.MapGet("/health/ready", Ready).ExcludeFromDescription();
        return app;
    }

    private static IResult Live() => Results.Ok(new { status = "live" });

    private static async Task<IResult> Ready(HttpContext http, CatalogStore catalog, SiloLifecycle lifecycle, IGrainStorage storage)
    {
        var membership = http.RequestServices.GetService<ClusterMembership>();
        string? notReady = lifecycle.Draining ? "draining"
            : !catalog.Loaded ? "catalog not loaded"
            : membership is { IsActive: false } ? "not an active cluster member"
            : await StoreUnreachable(storage, http.RequestAborted);
        var body = new
        {
            status = notReady is null ? "ready" : "not ready",
            reason = notReady,
            catalogVersion = catalog.Version,
            silo = membership?.Self.ToString(),
            membershipVersion = membership?.View.Version,
            activeSilos = membership?.View.Active.Length,
        };
        return notReady is null ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Null when a read from the grain store answers within two seconds; else why not.</summary>
    private static async Task<string?> StoreUnreachable(IGrainStorage storage, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await storage.ReadAsync(ProbeId, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return "store not answering within 2 s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "store unreachable: " + e.GetType().Name;
        }
    }

    private static readonly Bidding.Runtime.Core.GrainId ProbeId = new("health", "readiness-probe");
}
