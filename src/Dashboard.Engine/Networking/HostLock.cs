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

    public static async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await s_gate.WaitAsync(cancellationToken);
        FileStream? file = null;
        try
        {
            file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            var handle = file.SafeFileHandle;
            await Task.Run(() =>
            {
                while (LibC.Flock(handle, LibC.LOCK_EX) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != LibC.EINTR) throw new IOException($"flock {Path} failed: {Marshal.GetPInvokeErrorMessage(errno)}"); // EINTR: again
                }
            }, CancellationToken.None);
            return new Held(file);
        }
        catch
        {
            file?.Dispose();
            s_gate.Release();
            throw;
        }
    }

    private sealed class Held(FileStream file) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            LibC.Flock(file.SafeFileHandle, LibC.LOCK_UN);
            file.Dispose();
            s_gate.Release();
        }
    }
}
