using System.Runtime.InteropServices;

namespace Dashboard.Engine.IntegrationTests.Inspection;

/// <summary>shmget/shmctl, to make and remove a System V shared memory segment in whatever IPC namespace the calling
/// thread is in.</summary>
internal static partial class SysvShm
{
    private const int IpcCreat = 0x200; // 01000
    private const int IpcExcl = 0x400;  // 02000
    private const int IpcRmid = 0;

    public static int Create(int key, int size)
    {
        var id = shmget(key, size, IpcCreat | IpcExcl | 0x180 /* 0600 */);
        if (id < 0) throw new IOException($"shmget failed: errno {Marshal.GetLastPInvokeError()}");
        return id;
    }

    public static int Remove(int id) => shmctl(id, IpcRmid, 0);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shmget(int key, nint size, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shmctl(int id, int command, nint buffer);
}
