namespace Dashboard.Web.Components.Namespaces;

/// <summary>
/// Calls a reload every <c>interval</c> while the view is open and <see cref="Enabled"/>; the owning component disposes
/// it, which cancels the timer and any read in flight. Ticks never overlap: one that comes while a read is still
/// running is skipped (a slow /proc walk should not pile up). Time comes from the <see cref="TimeProvider"/> given to
/// <see cref="Start"/>, so tests move it by hand.
/// </summary>
public sealed class AutoRefresh : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _running;
    private int _ticks;

    public bool Enabled { get; set; } = true;

    /// <summary>Cancelled on <see cref="Dispose"/>: pass it to every read the view makes.</summary>
    public CancellationToken Token { get; }

    /// <summary>Ticks handled so far, whether they reloaded or not (counted after the reload they caused ended).</summary>
    public int Ticks => Volatile.Read(ref _ticks);

    public AutoRefresh() => Token = _stop.Token;

    public void Start(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> reload) => _ = LoopAsync(interval, time, reload);

    /// <summary>Runs <paramref name="reload"/> now unless one is already running; false when it was skipped.</summary>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> reload)
    {
        if (Token.IsCancellationRequested || Interlocked.Exchange(ref _running, 1) == 1) return false;
        try
        {
            await reload(Token);
            return true;
        }
        finally { Volatile.Write(ref _running, 0); }
    }

    private async Task LoopAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> reload)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(Token))
            {
                if (Enabled) await RunAsync(reload);
                Interlocked.Increment(ref _ticks);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
