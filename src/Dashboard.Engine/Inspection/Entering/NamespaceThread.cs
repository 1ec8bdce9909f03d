using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Entering;

/// <summary>
/// Enters a namespace on a new, dedicated thread (never a pool thread, whose next work item would inherit the
/// namespace): opens the thread's own /proc/thread-self/ns/TYPE, setns into the target, runs the read, setns back,
/// and lets the thread end. The thread is never reused, so even when going back fails nothing else runs in the
/// container's namespace.
/// </summary>
internal sealed class NamespaceThread(string procRoot) : INamespaceEntry
{
    public Task<T> RunAsync<T>(int pid, string type, Func<T> read)
    {
        var flag = NamespaceNative.CloneFlag(type);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { result.TrySetResult(RunInside(pid, type, flag, read)); }
            catch (Exception ex) { result.TrySetException(ex); }
        })
        {
            IsBackground = true, // a stuck read must not keep the daemon from exiting
            Name = $"ns-{type}-{pid}",
        };
        thread.Start();
        return result.Task;
    }

    private T RunInside<T>(int pid, string type, int flag, Func<T> read)
    {
        var own = NamespaceNative.Open($"/proc/thread-self/ns/{type}", NamespaceNative.O_RDONLY | NamespaceNative.O_CLOEXEC);
        if (own < 0) throw new IOException($"opening this thread's {type} namespace failed: {NamespaceNative.LastError()}");
        try
        {
            var targetPath = Path.Combine(ProcFs.PidDir(procRoot, pid), "ns", type);
            var target = NamespaceNative.Open(targetPath, NamespaceNative.O_RDONLY | NamespaceNative.O_CLOEXEC);
            if (target < 0) throw new IOException($"opening {targetPath} failed: {NamespaceNative.LastError()}");
            try
            {
                if (NamespaceNative.SetNs(target, flag) != 0)
                    throw new IOException($"entering the {type} namespace of pid {pid} failed: {NamespaceNative.LastError()}");
            }
            finally
            {
                NamespaceNative.Close(target);
            }
            try
            {
                return read();
            }
            finally
            {
                // Going back is tidiness, not safety: the thread ends right after either way.
                NamespaceNative.SetNs(own, flag);
            }
        }
        finally
        {
            NamespaceNative.Close(own);
        }
    }
}
