using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>--shm-size, --group-add, --init and --oom-score-adj.</summary>
internal static partial class ProcessOptionRules
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*\\$?$")]
    private static partial Regex GroupNamePattern();

    /// <summary>Bytes; null for the default (64 MiB). Only a container's own /dev/shm can be sized.</summary>
    public static long? ShmSize(string? text, NamespaceMode? ipc, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!ByteSize.TryParse(text, out var bytes, out var error) || bytes <= 0)
        {
            errors.Add("shm-size", (error ?? $"invalid size: '{text}'") + "; use a size like 128m (the default is 64m)");
            return null;
        }
        if (bytes < 4096)
        {
            errors.Add("shm-size", $"--shm-size {text} is below one page (4 KiB); use a size like 128m");
            return null;
        }
        if (ipc is { IsPrivate: false } mode)
        {
            errors.Add("shm-size", mode.IsHost
                ? "Conflicting options: --shm-size and --ipc host: the container uses the host's /dev/shm, whose size this cannot change"
                : $"Conflicting options: --shm-size and --ipc {mode}: the container shares that container's /dev/shm; size it there");
            return null;
        }
        return bytes;
    }

    public static IReadOnlyList<string> GroupAdd(IReadOnlyList<string> groups, ValidationErrors errors)
    {
        var result = new List<string>();
        foreach (var raw in groups)
        {
            var group = raw.Trim();
            var numeric = group.Length > 0 && group.All(char.IsAsciiDigit);
            if (numeric && (!uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var gid) || gid > UserSpec.MaxId))
                errors.Add("group-add", $"--group-add {group}: the group id is above the maximum {UserSpec.MaxId}");
            else if (!numeric && (group.Length is 0 or > 32 || !GroupNamePattern().IsMatch(group)))
                errors.Add("group-add", $"--group-add '{raw}': give a group name from the image's /etc/group or a numeric id");
            else if (!result.Contains(group))
                result.Add(group);
        }
        return result;
    }

    /// <summary>Docker's init only makes sense as PID 1 of a PID namespace of the container's own.</summary>
    public static bool? Init(bool? init, NamespaceMode? pid, HostLimits host, ValidationErrors errors)
    {
        if (init != true) return init;
        if (host.InitPath is null)
        {
            errors.Add("init", "--init needs tini on the host (tini-static, mounted as /sbin/docker-init) and none was found: install the tini package (docker-less-setup/install.sh does) or set Engine:InitPath");
            return null;
        }
        if (pid is { IsPrivate: false } mode)
        {
            errors.Add("init", $"Conflicting options: --init and --pid {(mode.IsHost ? "host" : mode.ToString())}: the init runs as PID 1 of a PID namespace of the container's own, and this container shares one that has its own PID 1");
            return null;
        }
        return true;
    }

    public static int OomScoreAdj(int? value, HostLimits host, ValidationErrors errors)
    {
        if (value is null or 0) return 0;
        if (value is < -1000 or > 1000)
        {
            errors.Add("oom-score-adj", $"Invalid value {value}, range for oom score adj is [-1000, 1000]");
            return 0;
        }
        if (host.MinOomScoreAdj is { } min && value < min)
        {
            errors.Add("oom-score-adj", $"--oom-score-adj {value} is below the daemon's own OOM score adjustment ({min}): lowering it needs CAP_SYS_RESOURCE, which the daemon does not have on this host; use {min} or more");
            return 0;
        }
        return value.Value;
    }
}
