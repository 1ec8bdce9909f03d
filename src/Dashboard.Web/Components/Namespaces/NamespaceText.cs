using System.Globalization;
using Dashboard.Engine.Cgroups;

namespace Dashboard.Web.Components.Namespaces;

/// <summary>How the namespace views write kernel facts for people.</summary>
public static class NamespaceText
{
    /// <summary>The form /proc/PID/ns/TYPE links show (readlink), so an admin can compare it with the host.</summary>
    public static string Inode(string type, ulong inode) => $"{type}:[{inode.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>What a namespace of this type isolates, for the table's hint column and the map's headings.</summary>
    public static string Describe(string type) => type switch
    {
        "pid" => "process ids",
        "net" => "interfaces, addresses, routes, sockets",
        "mnt" => "mount table",
        "uts" => "hostname and domain name",
        "ipc" => "System V IPC, POSIX message queues",
        "user" => "user and group ids, capabilities",
        "cgroup" => "view of the cgroup tree",
        "time" => "boot and monotonic clocks",
        _ => "",
    };

    /// <summary>CPU time as ps writes it: m:ss.cc below an hour, h:mm:ss above.</summary>
    public static string CpuTime(TimeSpan time) => time.TotalHours >= 1
        ? $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}"
        : $"{(int)time.TotalMinutes}:{time.Seconds:00}.{time.Milliseconds / 10:00}";

    public static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>The kernel writes "(none)" for an unset domain name; an empty one means the same.</summary>
    public static string OrNone(string? value) => string.IsNullOrWhiteSpace(value) ? "(none)" : value;

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>What a limit file's raw value means (the engine's <see cref="CgroupLimitFile.Describe"/>): "no limit",
    /// a size for byte files, else "".</summary>
    public static string LimitMeaning(string file, string value) => CgroupLimitFile.Describe(file, value) switch
    {
        (true, _) => "no limit",
        (_, { } bytes) => ByteSize.Format(bytes),
        _ => "",
    };

    /// <summary>A detail-page link that opens straight on the Namespaces tab.</summary>
    public static string ContainerHref(string name) => $"/containers/{Uri.EscapeDataString(name)}/namespaces";
}
