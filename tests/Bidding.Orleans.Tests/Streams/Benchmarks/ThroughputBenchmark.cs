using System.Diagnostics;
using System.Globalization;
using Bidding.Orleans.EventLog;
using Bidding.Orleans.Streams;
using Bidding.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Bidding.Orleans.Tests.Streams.Benchmarks;

/// <summary>
/// Events appended per second through the adapter (acknowledged <c>OnNextAsync</c>/<c>OnNextBatchAsync</c>
/// from the silo's own client, as endpoints produce) and applied per second end to end by implicit
/// consumer grains, on one silo, SQLite or PostgreSQL. A measurement, not a test:
/// <c>dotnet run -c Release --project tests/Bidding.Orleans.Tests -- stream-throughput [sqlite|postgres|memory] [events] [producers] [batch]</c>.
/// </summary>
internal static class ThroughputBenchmark
{
    public const string Namespace = "bench";
    private const string Sink = "bench-sink"; // no subscriber: appends only
    private const string Provider = "events";
    private static long _applied;
    private static long _target = long.MaxValue;
    private static TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A consumer applied one event; the waiter is woken when the count reaches its target.</summary>
    public static void Applied()
    {
        if (Interlocked.Increment(ref _applied) >= Interlocked.Read(ref _target))
            _reached.TrySetResult();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var store = args.Length > 0 ? args[0] : "sqlite";
        var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var producers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        var batch = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
        var directory = Directory.CreateTempSubdirectory("bidding-bench-").FullName;
        try
        {
            Action<EventLogStreamOptions> configure = store switch
            {
                "sqlite" => o => o.UseSqlite(Path.Combine(directory, "events.db")),
                "postgres" => o => o.UsePostgres(TestPostgres.CreateDatabaseAsync().GetAwaiter().GetResult()),
                "memory" => o => o.UseInMemory(),
                _ => throw new ArgumentException($"Unknown store {store}: sqlite, postgres or memory."),
            };
            var builder = new InProcessTestClusterBuilder(1);
            builder.Options.ConfigureFileLogging = false;
            builder.ConfigureSilo((_, silo) => silo.AddEventLogStreams(Provider, configure));
            await using var cluster = builder.Build();
            await cluster.DeployAsync();
            var client = cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>().GetStreamProvider(Provider);
            Console.WriteLine($"store={store} events={events} producers={producers} streams=1000 cores={Environment.ProcessorCount}");
            var logOnly = new EventLogStreamOptions();
            configure(logOnly);
            if (logOnly.Store == EventLogStoreKind.Sqlite)
                logOnly.SqlitePath = Path.Combine(directory, "log-only.db");
            var (rate, perAppend) = await LogOnlyAsync(logOnly, events, producers);
            Console.WriteLine($"{"log only (no Orleans), 1 append per call",-45} appended {rate,9:N0}/s   {perAppend,5:N1} us CPU/event");

            // Warm-up: activations, JIT, connections.
            await ProduceAsync(client, Namespace, 20_000, producers, batch: 1);
            await WaitForAppliedAsync(20_000);

            foreach (var (name, ns, size) in new[] { ("append, 1 event per OnNextAsync", Sink, 1), ($"append, {batch} events per OnNextBatchAsync", Sink, batch),
                ("end to end, 1 event per OnNextAsync", Namespace, 1), ($"end to end, {batch} events per OnNextBatchAsync", Namespace, batch) })
            {
                Interlocked.Exchange(ref _applied, 0);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await ProduceAsync(client, ns, events, producers, size);
                var appended = clock.Elapsed;
                var line = $"{name,-45} appended {events / appended.TotalSeconds,9:N0}/s";
                if (ns == Namespace)
                {
                    await WaitForAppliedAsync(events);
                    line += $"   applied {events / clock.Elapsed.TotalSeconds,9:N0}/s";
                }
                // The machine may be shared: the silo process's CPU per event says what a dedicated core would do.
                var perEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / events;
                Console.WriteLine($"{line}   {perEvent,5:N1} us CPU/event");
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The group-commit log alone, with a payload the size of a serialized event: the ceiling for the adapter.</summary>
    private static async Task<(double Rate, double CpuPerEvent)> LogOnlyAsync(EventLogStreamOptions options, int events, int producers)
    {
        IEventLogStore store = options.Store switch
        {
            EventLogStoreKind.Sqlite => new SqliteEventLogStore(options.SqlitePath!),
            EventLogStoreKind.Postgres => new PostgresEventLogStore(Npgsql.NpgsqlDataSource.Create(options.ConnectionString!), ownsDataSource: true),
            _ => new InMemoryEventLogStore(),
        };
        await using var log = new GroupCommitEventLog(store, options.Partitions, options.MaxAppendBatch);
        await log.InitializeAsync();
        var payload = new byte[120];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(async p =>
        {
            for (var i = 0; i < events / producers; i++)
                await log.AppendAsync(p % options.Partitions, null, payload);
        }));
        var rate = events / clock.Elapsed.TotalSeconds;
        return (rate, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / events);
    }

    /// <summary><paramref name="producers"/> concurrent producers over 1000 streams, each awaiting its acknowledgement before the next send.</summary>
    private static Task ProduceAsync(IStreamProvider provider, string ns, int events, int producers, int batch) =>
        Task.WhenAll(Enumerable.Range(0, producers).Select(async p =>
        {
            var stream = provider.GetStream<BenchEvent>(StreamId.Create(ns, $"campaign-{p % 1000}"));
            var mine = events / producers;
            for (var sent = 0; sent < mine; sent += batch)
            {
                var n = Math.Min(batch, mine - sent);
                if (n == 1)
                    await stream.OnNextAsync(Event(sent));
                else
                    await stream.OnNextBatchAsync([.. Enumerable.Range(sent, n).Select(Event)]);
            }
        }));

    private static BenchEvent Event(int i) => new(i, 1_250_000, $"imp-{i:D12}-0123456789abcdef");

    private static async Task WaitForAppliedAsync(long expected)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _target, expected);
        if (Interlocked.Read(ref _applied) >= expected)
            _reached.TrySetResult();
        try
        {
            await _reached.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Only {Interlocked.Read(ref _applied)} of {expected} events applied after 5 minutes.");
        }
        finally
        {
            Interlocked.Exchange(ref _target, long.MaxValue);
        }
    }
}
