using Bidding.Runtime.Core;
using Bidding.Runtime.Hosting;
using Bidding.Runtime.Storage;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bidding.Runtime.Tests.Core;

public interface ICounterGrain : IGrain
{
    Task<int> IncrementAsync();
    Task<int> GetAsync();
    Task<(int MaxConcurrent, int Calls)> SlowCallAsync(TimeSpan hold);
    ValueTask<string> WhoAmIAsync();
    Task FailAsync();
    Task<CounterState> StateAsync();
}

public sealed class CounterState
{
    public int Count { get; set; }
}

public sealed class CounterGrain : Grain<CounterState>, ICounterGrain
{
    private static int s_inFlight;
    private static int s_maxInFlight;

    public static int Activations;
    public static int Deactivations;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Activations);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Deactivations);
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync()
    {
        State.Count++;
        await WriteStateAsync();
        return State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(State.Count);

    public async Task<(int MaxConcurrent, int Calls)> SlowCallAsync(TimeSpan hold)
    {
        var now = Interlocked.Increment(ref s_inFlight);
        InterlockedMax(ref s_maxInFlight, now);
        await Task.Delay(hold);
        State.Count++;
        Interlocked.Decrement(ref s_inFlight);
        return (Volatile.Read(ref s_maxInFlight), State.Count);
    }

    public ValueTask<string> WhoAmIAsync() => ValueTask.FromResult(Key);

    public Task FailAsync() => throw new InvalidOperationException("boom");

    public Task<CounterState> StateAsync() => Task.FromResult(State);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

public sealed class GrainRuntimeTests : IAsyncDisposable
{
    private readonly FakeTime _time = new();
    private readonly InMemoryGrainStorage _storage = new();
    private readonly ServiceProvider _services;
    private readonly GrainRuntime _runtime;

    public GrainRuntimeTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddGrainRuntime(r => r.AddGrain<ICounterGrain, CounterGrain>("counter").UseStorage(_storage));
        services.Configure<RuntimeOptions>(o => o.IdleTimeout = TimeSpan.FromMinutes(5));
        _services = services.BuildServiceProvider();
        _runtime = _services.GetRequiredService<GrainRuntime>();
    }

    private ICounterGrain Counter(string key) => _runtime.Factory.GetGrain<ICounterGrain>(key);

    [Fact]
    public async Task A_grain_is_activated_on_first_call_and_keeps_state_between_calls()
    {
        Assert.Equal(1, await Counter("a").IncrementAsync());
        Assert.Equal(2, await Counter("a").IncrementAsync());
        Assert.Equal(0, await Counter("b").GetAsync());
        Assert.Equal("a", await Counter("a").WhoAmIAsync());
        Assert.True(_runtime.IsActive(new GrainId("counter", "a")));
    }

    [Fact]
    public async Task A_grain_processes_one_message_at_a_time()
    {
        var grain = Counter("turns");
        var calls = Enumerable.Range(0, 10).Select(_ => grain.SlowCallAsync(TimeSpan.FromMilliseconds(5))).ToList();
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(results, r => Assert.Equal(1, r.MaxConcurrent));
        Assert.Equal(Enumerable.Range(1, 10), results.Select(r => r.Calls).Order());
    }

    [Fact]
    public async Task An_idle_grain_is_deactivated_and_reactivated_with_its_persisted_state()
    {
        await Counter("idle").IncrementAsync();
        await Counter("idle").IncrementAsync();
        var id = new GrainId("counter", "idle");

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await _runtime.CollectIdleAsync());
        Assert.True(_runtime.IsActive(id));

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await _runtime.CollectIdleAsync() >= 1);
        Assert.False(_runtime.IsActive(id));

        Assert.Equal(2, await Counter("idle").GetAsync());
        Assert.True(_runtime.IsActive(id));
        Assert.Equal(3, await Counter("idle").IncrementAsync());
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_the_stale_activation_is_dropped()
    {
        await Counter("fenced").IncrementAsync();
        var id = new GrainId("counter", "fenced");
        var stored = await _storage.ReadAsync(id);
        // Another activation elsewhere wrote in the meantime.
        await _storage.WriteAsync(id, """{"count":41}"""u8.ToArray(), stored!.Etag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Counter("fenced").IncrementAsync());
        Assert.False(_runtime.IsActive(id));

        Assert.Equal(42, await Counter("fenced").IncrementAsync());
    }

    [Fact]
    public async Task A_caller_gets_a_copy_of_a_result_never_the_grains_own_state()
    {
        await Counter("copy").IncrementAsync();
        var state = await Counter("copy").StateAsync();
        state.Count = 99;
        Assert.Equal(1, await Counter("copy").GetAsync());
    }

    [Fact]
    public async Task A_failing_call_surfaces_its_exception_and_the_grain_stays_usable()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Counter("f").FailAsync());
        Assert.Equal(1, await Counter("f").IncrementAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _services.DisposeAsync();
    }
}
