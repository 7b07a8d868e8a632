using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Storage;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Turns failures of the cluster or the store (a silo died mid-call, membership is moving, the
/// database is unreachable) into <c>503</c> with <c>Retry-After</c>, and a lost optimistic
/// concurrency race into <c>409</c>, so API clients know to retry rather than see a bare 500.
/// </summary>
internal sealed partial class TransientFailureHandler(IProblemDetailsService problems, ILogger<TransientFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            InconsistentStateException => (StatusCodes.Status409Conflict, "The object changed concurrently; read it again and retry"),
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
                or ClientNotAvailableException or DbException or OrleansException { InnerException: DbException or TimeoutException }
                => (StatusCodes.Status503ServiceUnavailable, "The cluster is briefly unavailable; retry"),
            _ => (0, ""),
        };
        if (status == 0)
            return false;
        LogTransient(logger, http.Request.Path, status, exception);
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = exception.Message },
        });
    }

    [LoggerMessage(4001, LogLevel.Warning, "{Path} answered {Status} after a transient failure")]
    private static partial void LogTransient(ILogger logger, string path, int status, Exception exception);
}
