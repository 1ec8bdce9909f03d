using System.Runtime.InteropServices;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Networking;

/// <summary>
/// One netavark run at a time on this host: a semaphore within the daemon, and flock(2) on
/// /run/lock/dashboard-netavark.lock between daemons (every daemon of this project takes it; the lock goes with the
/// process if it dies). The blocking flock runs on a pool thread after the semaphore, so at most one thread per daemon
/// waits in the kernel.
/// </summary>
internal static class HostLock
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public static string Path { get; } = Directory.Exists("/run/lock") ? "/run/lock/dashboard-netavark.lock" : "/tmp/dashboard-netavark.lock";

    public static Task<IDisposable> AcquireAsync(CancellationToken cancellationToken) => AcquireAsync(Path, cancellationToken);

    /// <summary>Waits for the lock on <paramref name="path"/> (tests use a file of their own).</summary>
    internal static async Task<IDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        await s_gate.WaitAsync(cancellationToken);
        Microsoft.Win32.SafeHandles.SafeFileHandle? handle = null;
        try
        {
            // Not a FileStream: its open takes a non-blocking shared flock of .NET's own, which fails at once while
            // another daemon holds this lock (measured: "The process cannot access the file ... being used by another
            // process" from docker run while a second daemon ran netavark).
            handle = LibC.OpenForLocking(path);
            await Task.Run(() =>
            {
                while (LibC.Flock(handle, LibC.LOCK_EX) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != LibC.EINTR) throw new IOException($"flock {path} failed: {Marshal.GetPInvokeErrorMessage(errno)}"); // EINTR: again
                }
            }, CancellationToken.None);
            return new Held(handle);
        }
        catch
        {
            handle?.Dispose();
            s_gate.Release();
            throw;
        }
    }

    private sealed class Held(Microsoft.Win32.SafeHandles.SafeFileHandle handle) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            LibC.Flock(handle, LibC.LOCK_UN);
            handle.Dispose();
            s_gate.Release();
        }
    }
}
