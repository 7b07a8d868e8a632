using Bidding.Runtime.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Hosting;

/// <summary>Deactivates idle activations every <see cref="RuntimeOptions.CollectionInterval"/>.</summary>
internal sealed class IdleCollector(GrainRuntime runtime, IOptions<RuntimeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await runtime.CollectIdleAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
