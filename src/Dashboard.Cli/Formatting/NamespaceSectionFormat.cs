using Dashboard.Contracts.Namespaces;
using static Dashboard.Cli.Formatting.NamespaceFormat;

namespace Dashboard.Cli.Formatting;

/// <summary>The longer sections of dashctl ns: network, mounts and IPC. An empty table prints as "(none)".</summary>
internal static class NamespaceSectionFormat
{
    public static void WriteNetwork(TextWriter o, NetworkDto n)
    {
        var interfaces = new TableWriter("IF", "NAME", "STATE", "MTU", "MAC", "FLAGS", "ADDRESSES");
        foreach (var i in n.Interfaces)
            interfaces.Add(Num(i.Index), i.Name, i.State, Num(i.Mtu), i.MacAddress ?? "-", string.Join(',', i.Flags), string.Join(", ", i.Addresses));
        Write(o, interfaces, n.Interfaces.Count);
        o.WriteLine();
        var routes = new TableWriter("FAMILY", "DESTINATION", "GATEWAY", "INTERFACE", "METRIC");
        foreach (var r in n.Routes) routes.Add(r.Family, r.Destination, r.Gateway ?? "-", r.Interface, Num(r.Metric));
        Write(o, routes, n.Routes.Count, "no routes");
        o.WriteLine();
        var sockets = new TableWriter("PROTO", "LISTENING ON", "INODE", "HOST PID");
        foreach (var s in n.Sockets)
            sockets.Add(s.Protocol, s.Protocol == "unix" ? s.LocalAddress : $"{Bracket(s.LocalAddress)}:{s.Port}", Num(s.Inode), s.HostPid is { } pid ? Num(pid) : "-");
        Write(o, sockets, n.Sockets.Count, "no listening sockets");
    }

    public static void WriteMounts(TextWriter o, MountsDto m)
    {
        if (m.Root is { } root)
        {
            o.WriteLine("Root file system (overlay), top layer first:");
            var layers = new TableWriter("LAYER", "DIGEST", "DIRECTORY");
            for (var i = 0; i < root.Layers.Count; i++)
                layers.Add(i == 0 ? "1 (top)" : Num(i + 1), root.Layers[i].Digest ?? "-", root.Layers[i].Directory);
            layers.Add("writable", "-", root.UpperDir);
            layers.Add("work", "-", root.WorkDir);
            layers.WriteTo(o);
            o.WriteLine();
        }
        Pairs(o,
            ("Masked paths", m.MaskedPaths.Count == 0 ? "-" : string.Join(", ", m.MaskedPaths)),
            ("Read-only paths", m.ReadonlyPaths.Count == 0 ? "-" : string.Join(", ", m.ReadonlyPaths)));
        o.WriteLine();
        var mounts = new TableWriter("MOUNT POINT", "TYPE", "SOURCE", "MODE", "OPTIONS");
        foreach (var x in m.Mounts) mounts.Add(x.MountPoint, x.FileSystem, x.Source, x.ReadOnly ? "ro" : "rw", x.Options);
        Write(o, mounts, m.Mounts.Count);
    }

    public static void WriteIpc(TextWriter o, IpcDto ipc)
    {
        o.WriteLine("Shared memory:");
        var shm = new TableWriter("KEY", "SHMID", "PERMS", "BYTES", "NATTCH", "OWNER");
        foreach (var s in ipc.SharedMemory) shm.Add(Key(s.Key), Num(s.Id), s.Permissions, Num(s.SizeBytes), Num(s.Attached), Num(s.OwnerUid));
        Write(o, shm, ipc.SharedMemory.Count);
        o.WriteLine("Semaphores:");
        var sem = new TableWriter("KEY", "SEMID", "PERMS", "NSEMS", "OWNER");
        foreach (var s in ipc.Semaphores) sem.Add(Key(s.Key), Num(s.Id), s.Permissions, Num(s.Semaphores), Num(s.OwnerUid));
        Write(o, sem, ipc.Semaphores.Count);
        o.WriteLine("Message queues:");
        var msg = new TableWriter("KEY", "MSQID", "PERMS", "BYTES", "MESSAGES", "OWNER");
        foreach (var q in ipc.MessageQueues) msg.Add(Key(q.Key), Num(q.Id), q.Permissions, Num(q.Bytes), Num(q.Messages), Num(q.OwnerUid));
        Write(o, msg, ipc.MessageQueues.Count);
    }

    /// <summary>ipcs prints keys as 32-bit hex.</summary>
    private static string Key(long key) => "0x" + ((uint)key).ToString("x8");

    private static string Bracket(string address) => address.Contains(':') ? $"[{address}]" : address;

    private static void Write(TextWriter o, TableWriter table, int rows, string empty = "(none)")
    {
        if (rows == 0) o.WriteLine("  " + empty);
        else table.WriteTo(o);
    }
}
