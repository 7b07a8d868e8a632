using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Bidding.Orleans.Streams;

/// <summary>Checks a provider's <see cref="EventLogStreamOptions"/> when the silo starts, naming each wrong setting.</summary>
internal sealed class EventLogStreamOptionsValidator(EventLogStreamOptions options, StreamPullingAgentOptions pulling, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var problems = Problems(options);
        // Orleans 10.4's simple queue cache may let a batch of several containers go (and so move our
        // checkpoint past it) before the batch is delivered; one container per delivery keeps at-least-once.
        if (pulling.BatchContainerBatchSize != 1)
            problems.Add("The pulling agent's BatchContainerBatchSize must stay 1: the queue cache could confirm a larger batch before it is delivered.");
        if (problems.Count > 0)
            throw new OrleansConfigurationException($"Event-log stream provider '{name}': {string.Join(" ", problems)}");
    }

    public static IConfigurationValidator Create(IServiceProvider services, string name) =>
        new EventLogStreamOptionsValidator(services.GetRequiredService<IOptionsMonitor<EventLogStreamOptions>>().Get(name),
            services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(name), name);

    internal static List<string> Problems(EventLogStreamOptions options)
    {
        var problems = new List<string>();
        switch (options.Store)
        {
            case EventLogStoreKind.Sqlite when string.IsNullOrWhiteSpace(options.SqlitePath):
                problems.Add("SqlitePath is required for the Sqlite store.");
                break;
            case EventLogStoreKind.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString):
                problems.Add("ConnectionString is required for the Postgres store.");
                break;
            case EventLogStoreKind.None:
                problems.Add("Store is not set: choose Sqlite, Postgres or InMemory.");
                break;
            case < EventLogStoreKind.None or > EventLogStoreKind.Postgres:
                problems.Add($"Store {options.Store} is unknown.");
                break;
        }
        Check(options.Partitions is >= 1 and <= 1024, "Partitions must be between 1 and 1024.");
        Check(options.BatchSize is >= 1 and <= 100_000, "BatchSize must be between 1 and 100000.");
        Check(options.MaxAppendBatch is >= 1 and <= 100_000, "MaxAppendBatch must be between 1 and 100000.");
        Check(options.CacheSize is >= 10 and <= 1_000_000, "CacheSize must be between 10 and 1000000.");
        Check(options.PollInterval > TimeSpan.Zero && options.PollInterval <= TimeSpan.FromMinutes(1), "PollInterval must be above zero and at most a minute.");
        Check(options.Retention is null || options.Retention > TimeSpan.Zero, "Retention must be above zero (or null to keep everything).");
        Check(options.RetentionInterval > TimeSpan.Zero, "RetentionInterval must be above zero.");
        return problems;

        void Check(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }
    }
}
