using System.Text.RegularExpressions;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// --sysctl: Docker's allow-list of namespaced kernel parameters. net.* belongs to the network namespace and
/// kernel.msg*, kernel.sem, kernel.shm* and fs.mqueue.* to the IPC namespace, so each needs a namespace of the
/// container's own: with --network host (or --ipc host) the value would change the host's, and with
/// container:NAME another container's. Everything else would change the whole host and is refused.
/// </summary>
internal static partial class SysctlRules
{
    private static readonly IReadOnlySet<string> s_ipcKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    };

    [GeneratedRegex("^[a-z0-9_]+(\\.[a-zA-Z0-9_-]+)+$")]
    private static partial Regex KeyPattern();

    public static IReadOnlyDictionary<string, string> Validate(
        IReadOnlyDictionary<string, string> sysctls, NamespaceMode? network, NamespaceMode? ipc, ValidationErrors errors)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in sysctls)
        {
            var key = rawKey.Trim();
            if (!KeyPattern().IsMatch(key))
            {
                errors.Add("sysctl", $"invalid sysctl '{rawKey}': use a dotted name such as net.ipv4.ip_forward=1");
                continue;
            }
            if (value.Contains('\n') || value.Contains('\0'))
            {
                errors.Add("sysctl", $"invalid value for sysctl {key}: it cannot contain a newline");
                continue;
            }
            var isNet = key.StartsWith("net.", StringComparison.Ordinal);
            var isIpc = s_ipcKeys.Contains(key) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal);
            if (!isNet && !isIpc)
            {
                errors.Add("sysctl", $"sysctl '{key}={value}' is not allowed: it is not namespaced, so it would change the whole host; "
                    + "a container may set net.* (with a network namespace of its own), kernel.msgmax, kernel.msgmnb, kernel.msgmni, kernel.sem, "
                    + "kernel.shmall, kernel.shmmax, kernel.shmmni, kernel.shm_rmid_forced and fs.mqueue.* (with an IPC namespace of its own)");
                continue;
            }
            if (isNet && network is { IsPrivate: false } n)
            {
                errors.Add("sysctl", $"sysctl '{key}' needs a network namespace of the container's own: with --network {Mode(n)} it would change {Whose(n)}'s network settings");
                continue;
            }
            if (isIpc && ipc is { IsPrivate: false } i)
            {
                errors.Add("sysctl", $"sysctl '{key}' needs an IPC namespace of the container's own: with --ipc {Mode(i)} it would change {Whose(i)}'s IPC settings");
                continue;
            }
            result[key] = value;
        }
        return result;
    }

    private static string Mode(NamespaceMode mode) => mode.IsHost ? "host" : "container:" + mode.ContainerId;

    private static string Whose(NamespaceMode mode) => mode.IsHost ? "the host" : "container " + mode.ContainerId;
}
