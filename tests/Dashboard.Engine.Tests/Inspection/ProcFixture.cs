namespace Dashboard.Engine.Tests.Inspection;

/// <summary>
/// A copy of Fixtures/proc in a temp directory plus the symlinks git cannot hold as real /proc has them: the
/// /proc/PID/ns/TYPE links ("net:[INODE]") and /proc/PID/fd links ("socket:[INODE]"). Pid 1000 is the container
/// "c1" (init sh, child nc 1001, zombie 1003; 1002 is in cgroup.procs but has exited), pid 2000 is the init of
/// another container that shares c1's network namespace, pid 1 is the host.
/// </summary>
internal sealed class ProcFixture : IDisposable
{
    public const ulong HostBase = 4026531830;
    public const ulong C1Base = 4026532100;
    public const ulong TcpListenerInode = 2164941;

    public ProcFixture()
    {
        Root = Directory.CreateTempSubdirectory("dash-proc-").FullName;
        Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "proc"), Root);
        Namespaces(1, HostBase);
        Namespaces(1000, C1Base);
        Namespaces(1001, C1Base);
        Namespaces(1003, C1Base);
        Namespaces(2000, C1Base + 100, shareNetWith: C1Base);
        Link(1000, "fd/0", "/dev/null");
        Link(1000, "fd/1", "pipe:[55]");
        Link(1001, "fd/3", $"socket:[{TcpListenerInode}]");
        Link(1001, "fd/4", "socket:[3000001]");
    }

    public string Root { get; }

    /// <summary>Inode of <paramref name="type"/> for a process made with <paramref name="baseInode"/>.</summary>
    public static ulong Inode(ulong baseInode, string type) => baseInode + (ulong)Dashboard.Engine.Inspection.NamespaceType.All.ToList().IndexOf(type);

    /// <summary>Removes a process's directory, as if it exited.</summary>
    public void Exit(int pid) => Directory.Delete(Path.Combine(Root, pid.ToString()), recursive: true);

    private void Namespaces(int pid, ulong baseInode, ulong? shareNetWith = null)
    {
        foreach (var type in Dashboard.Engine.Inspection.NamespaceType.All)
        {
            // The user namespace is the host's unless a container asks for its own; here none does.
            var inode = type == "user" ? Inode(HostBase, type)
                : type == "net" && shareNetWith is { } net ? Inode(net, type)
                : Inode(baseInode, type);
            Link(pid, $"ns/{type}", $"{type}:[{inode}]");
        }
    }

    private void Link(int pid, string relative, string target)
    {
        var path = Path.Combine(Root, pid.ToString(), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
