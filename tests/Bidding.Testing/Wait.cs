using Xunit;

namespace Bidding.Testing;

/// <summary>Bounded polling for eventually-consistent effects (snapshot swaps), with a message on timeout.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds}s waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
