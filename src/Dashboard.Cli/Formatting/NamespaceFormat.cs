using System.Globalization;
using Dashboard.Contracts.Namespaces;

namespace Dashboard.Cli.Formatting;

/// <summary>
/// dashctl ns: a container's namespace report as text, one section per isolation aspect in the order the issue lists
/// them (namespaces, PID, UTS, network, mount, IPC, user, cgroup), each a heading and docker-style tables; and the
/// host-wide map as one table.
/// </summary>
public static class NamespaceFormat
{
    public static void WriteReport(TextWriter o, NamespaceReportDto r)
    {
        o.WriteLine($"Container {r.Container.Name} ({HumanFormat.ShortId(r.Container.Id)}), init host pid {r.HostPid}");
        foreach (var warning in r.Warnings) o.WriteLine($"WARNING: {warning}");

        Section(o, "NAMESPACES");
        var ns = new TableWriter("TYPE", "INODE", "HOST", "SHARED WITH");
        foreach (var (type, n) in r.Namespaces)
            ns.Add(type, Num(n.Inode), n.Host ? "yes" : "no", n.SharedWith.Count == 0 ? "-" : string.Join(", ", n.SharedWith.Select(c => c.Name)));
        ns.WriteTo(o);

        Section(o, "PID");
        var ps = new TableWriter("PID", "HOST PID", "PPID", "HOST PPID", "USER", "STATE", "%CPU", "TIME", "RSS", "COMMAND");
        foreach (var p in r.Processes)
            ps.Add(Num(p.ContainerPid), Num(p.HostPid), Num(p.ContainerParentPid), Num(p.HostParentPid), p.User,
                p.State.Split(' ')[0], p.CpuPercent.ToString("0.0", CultureInfo.InvariantCulture), PsColumns.CpuTime(TimeSpan.FromSeconds(p.CpuSeconds)),
                HumanFormat.BinarySize((ulong)Math.Max(0, p.RssBytes)), p.Command);
        ps.WriteTo(o);

        Section(o, "UTS");
        Pairs(o, ("Hostname", r.Uts.Hostname), ("Domain name", r.Uts.DomainName));

        Section(o, "NETWORK");
        NamespaceSectionFormat.WriteNetwork(o, r.Network);

        Section(o, "MOUNT");
        NamespaceSectionFormat.WriteMounts(o, r.Mounts);

        Section(o, "IPC");
        NamespaceSectionFormat.WriteIpc(o, r.Ipc);

        Section(o, "USER");
        Pairs(o,
            ("UID map", IdMap(r.User.UidMap)),
            ("GID map", IdMap(r.User.GidMap)),
            ("Seccomp", r.User.Seccomp),
            ("No new privileges", r.User.NoNewPrivileges ? "yes" : "no"),
            ("Capabilities", $"{r.User.CapabilitiesHex} ({r.User.Capabilities.Count} effective)"));
        foreach (var cap in r.User.Capabilities) o.WriteLine("  " + cap);

        Section(o, $"CGROUP ({r.Cgroup.Version})");
        var paths = new TableWriter("CONTROLLERS", "PATH");
        foreach (var p in r.Cgroup.Paths) paths.Add(p.Controllers.Length == 0 ? "-" : p.Controllers, p.Path);
        paths.WriteTo(o);
        o.WriteLine();
        var limits = new TableWriter("LIMIT FILE", "VALUE");
        foreach (var l in r.Cgroup.Limits) limits.Add(l.File, l.Value);
        limits.WriteTo(o);
    }

    public static void WriteMap(TextWriter o, NamespaceMapDto map)
    {
        var table = new TableWriter("TYPE", "INODE", "SHARING", "CONTAINERS");
        foreach (var (type, groups) in map.Namespaces)
            foreach (var g in groups)
                table.Add(type, Num(g.Inode), g.Host ? "host" : g.Shared ? "shared" : "-", string.Join(", ", g.Members.Select(m => m.Name)));
        table.WriteTo(o);
    }

    internal static void Section(TextWriter o, string title)
    {
        o.WriteLine();
        o.WriteLine(title);
    }

    internal static void Pairs(TextWriter o, params (string Key, string Value)[] pairs)
    {
        var width = pairs.Max(p => p.Key.Length) + 3;
        foreach (var (key, value) in pairs) o.WriteLine(key.PadRight(width) + value);
    }

    internal static string Num<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string IdMap(IReadOnlyList<IdMapDto> map) =>
        map.Count == 0 ? "-" : string.Join("; ", map.Select(m => $"{m.Inside} -> {m.Outside} ({m.Length})"));
}
