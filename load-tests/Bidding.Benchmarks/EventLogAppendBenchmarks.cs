using BenchmarkDotNet.Attributes;
using Bidding.Orleans.EventLog;
using Bidding.Testing;
using Npgsql;

namespace Bidding.Benchmarks;

/// <summary>
/// Appending tracking events the way the endpoints do: many concurrent appends, each awaited until
/// durable, grouped into batches by <see cref="GroupCommitEventLog"/>. One invocation appends
/// <see cref="Events"/> events of about 300 bytes over 16 partitions; events/s = Events / Mean.
/// PostgreSQL is a private server started for the run (see TestPostgres), or BIDDING_TEST_POSTGRES.
/// </summary>
[MemoryDiagnoser]
public class EventLogAppendBenchmarks
{
    public const int Events = 20_000;

    private readonly byte[] _payload = new byte[300];
    private GroupCommitEventLog _log = null!;
    private NpgsqlDataSource? _postgres;
    private string? _directory;
    private int _round;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        new Random(7).NextBytes(_payload);
        IEventLogStore store;
        if (Store == "sqlite")
        {
            _directory = Directory.CreateTempSubdirectory("bidding-bench-").FullName;
            store = new SqliteEventLogStore(Path.Combine(_directory, "events.db"));
        }
        else
        {
            _postgres = NpgsqlDataSource.Create(TestPostgres.CreateDatabaseAsync().GetAwaiter().GetResult());
            store = new PostgresEventLogStore(_postgres);
        }
        _log = new GroupCommitEventLog(store, partitions: 16, maxBatch: 2000);
        _log.InitializeAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _postgres?.Dispose();
        if (_directory is not null)
            Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task AppendConcurrently()
    {
        var round = Interlocked.Increment(ref _round);
        var appends = new Task<bool>[Events];
        for (var i = 0; i < Events; i++)
            appends[i] = _log.AppendAsync(i % 16, $"r{round}-e{i}", _payload);
        await Task.WhenAll(appends);
    }
}
