using Microsoft.Extensions.Options;

namespace Bidding.Silo.Hosting;

/// <summary>Warns at start when no admin key is configured (the platform API then accepts only advertiser keys).</summary>
internal sealed partial class AdminKeyWarning(ILogger<AdminKeyWarning> logger) : IPostConfigureOptions<SiloOptions>
{
    public void PostConfigure(string? name, SiloOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminApiKey))
            LogNoAdminKey(logger);
    }

    [LoggerMessage(3001, LogLevel.Warning, "No Silo:AdminApiKey configured: the platform API accepts advertiser keys only")]
    private static partial void LogNoAdminKey(ILogger logger);
}
