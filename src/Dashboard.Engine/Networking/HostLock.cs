using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.Networking;

/// <summary>
/// One netavark run at a time on this host: a semaphore within the daemon, and flock(2) on
/// /run/lock/dashboard-netavark.lock between daemons (every daemon of this project takes it; the lock goes with the
/// process if it dies). The blocking flock runs on a pool thread after the semaphore, so at most one thread per daemon
/// waits in the kernel.
/// </summary>
internal static partial class HostLock
{
    private const int LockExclusive = 2;
    private const int Unlock = 8;
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
                while (Flock(handle, LockExclusive) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != 4) throw new IOException($"flock {Path} failed: {Marshal.GetPInvokeErrorMessage(errno)}"); // EINTR: again
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
            Flock(file.SafeFileHandle, Unlock);
            file.Dispose();
            s_gate.Release();
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
