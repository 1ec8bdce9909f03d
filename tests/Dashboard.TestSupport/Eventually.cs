namespace Dashboard.TestSupport;

/// <summary>
/// Waits for a condition instead of sleeping for a guessed time: polls often, gives up only after a generous timeout
/// (machines under load are slow, a passing run is fast either way), and then fails with what it waited for.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>As <see cref="TrueAsync(Func{bool}, string, TimeSpan?)"/>, for an asynchronous condition.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes; after the timeout its last failure is the test's.</summary>
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Poll);
            }
        }
    }

    /// <summary>As <see cref="AssertAsync(Func{Task}, TimeSpan?)"/>, for a synchronous assertion.</summary>
    public static Task AssertAsync(Action assertion, TimeSpan? timeout = null) =>
        AssertAsync(() => { assertion(); return Task.CompletedTask; }, timeout);
}
