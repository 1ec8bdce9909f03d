namespace Dashboard.Web.Tests.Hubs;

/// <summary>Reads a hub stream item by item with a deadline, so a missing message fails the test instead of hanging it.</summary>
public sealed class StreamReader<T>(IAsyncEnumerable<T> stream, CancellationTokenSource cancel) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<T> _enumerator = stream.GetAsyncEnumerator(cancel.Token);
    private Task<bool>? _pending;

    // A read that timed out stays pending; the next read waits for that same one.
    private Task<bool> Move() => _pending ??= _enumerator.MoveNextAsync().AsTask();

    public static StreamReader<T> Open(Func<CancellationToken, IAsyncEnumerable<T>> open)
    {
        var cancel = new CancellationTokenSource();
        return new StreamReader<T>(open(cancel.Token), cancel);
    }

    public async Task<T> NextAsync(double seconds = 10)
    {
        var move = Move();
        if (await Task.WhenAny(move, Task.Delay(TimeSpan.FromSeconds(seconds))) != move)
            throw new TimeoutException($"no {typeof(T).Name} within {seconds} s");
        _pending = null;
        Assert.True(await move, "the stream ended early");
        return _enumerator.Current;
    }

    /// <summary>True when nothing arrives within the wait; an item that does arrive is consumed.</summary>
    public async Task<bool> NothingWithinAsync(TimeSpan wait)
    {
        var move = Move();
        if (await Task.WhenAny(move, Task.Delay(wait)) != move) return true;
        _pending = null;
        await move;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        cancel.Cancel();
        // An iterator cannot be disposed while a read is pending: let the cancelled read finish first.
        if (_pending is not null)
        {
            try { await _pending.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (Exception) { }
        }
        try { await _enumerator.DisposeAsync(); }
        catch (Exception ex) when (ex is OperationCanceledException or NotSupportedException) { }
        cancel.Dispose();
    }
}
