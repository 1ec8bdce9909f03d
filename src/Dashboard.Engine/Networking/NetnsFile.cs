using System.Runtime.InteropServices;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Networking;

/// <summary>
/// A container's network namespace, made by the engine before runc create and kept alive by a bind mount of its nsfs
/// file under RunRoot/netns/ID (as `ip netns add` does under /run/netns): runc joins it by path, netavark configures it
/// by path, and it outlives the daemon (a kill -9 leaves it, and the next start finds and re-adopts or removes it).
/// Made on a dedicated thread that unshares only its own network namespace (net is per thread), bind-mounts it and
/// ends, so no other code ever runs in it.
/// </summary>
public static class NetnsFile
{
    private const ulong MsBind = 4096;

    public static string PathFor(string netnsDirectory, string containerId) => Path.Combine(netnsDirectory, containerId);

    /// <summary>Creates a new network namespace (loopback down; runc brings it up) bound at <paramref name="path"/>.</summary>
    public static Task CreateAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path)) { }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (LibC.Unshare(LibC.CLONE_NEWNET) != 0) throw new IOException($"unshare(CLONE_NEWNET) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                if (LibC.Mount("/proc/thread-self/ns/net", path, "none", MsBind, null) != 0)
                    throw new IOException($"binding the new network namespace at {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            // The thread ends here, in the namespace it made: nothing else ever runs on it.
        })
        {
            IsBackground = true,
            Name = "netns-create",
        };
        thread.Start();
        return done.Task.ContinueWith(t =>
        {
            if (t.IsFaulted) TryDelete(path);
            return t;
        }, TaskScheduler.Default).Unwrap();
    }

    /// <summary>True when <paramref name="path"/> is a bound network namespace (nsfs), not just the empty file a
    /// crash between creating the file and binding it left.</summary>
    public static bool IsBound(string path)
    {
        var mountInfo = File.ReadAllLines("/proc/self/mountinfo");
        return mountInfo.Any(line => line.Split(' ') is { Length: > 4 } f && f[4] == path);
    }

    /// <summary>Unbinds and deletes; nothing there is not an error. The namespace itself goes when its last user (the
    /// container's processes) is gone.</summary>
    public static void Delete(string path)
    {
        for (var i = 0; i < 8; i++) // stacked binds (a crash mid-create retried) come off one by one
        {
            if (LibC.Umount2(path, LibC.MNT_DETACH) == 0) continue;
            var errno = Marshal.GetLastPInvokeError();
            if (errno is LibC.EINVAL or LibC.ENOENT) break;
            throw new IOException($"unmounting the network namespace {path} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }

    public static void TryDelete(string path)
    {
        try { Delete(path); }
        catch (IOException) { }
    }
}
