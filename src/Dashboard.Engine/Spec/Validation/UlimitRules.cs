using System.Globalization;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// --ulimit: Docker's syntax and names, and never above the daemon's own hard limit: runc cannot give a container
/// more than the daemon has (this machine's hard open-files limit is 20000), and a silently lowered limit would be a
/// dropped request, so a higher one is refused with the host's value.
/// </summary>
internal static class UlimitRules
{
    /// <summary>
    /// The fewest open files runc 1.1 can start a container with while it loads a seccomp filter: the filter is loaded
    /// in the container's init after the rlimits are set, and patching it needs a few pipes (measured: 10 fails with
    /// "pipe2: too many open files", 11 works with runc alone; conmon adds descriptors). Below this, the start would
    /// fail with a runtime error, so the request is refused with the reason instead.
    /// </summary>
    public const long MinNofileWithSeccomp = 16;

    public static IReadOnlyList<Ulimit> Validate(IReadOnlyList<string> specs, HostLimits host, bool seccompFilter, ValidationErrors errors)
    {
        var result = new List<Ulimit>();
        foreach (var spec in specs)
        {
            if (!UlimitParser.TryParse(spec, out var ulimit, out var error))
            {
                errors.Add("ulimit", error);
                continue;
            }
            if (result.Any(u => u.Name == ulimit.Name))
            {
                errors.Add("ulimit", $"--ulimit {ulimit.Name} is given twice: give each limit once");
                continue;
            }
            if (host.HardRlimits.TryGetValue(ulimit.Name, out var hostHard) && hostHard is { } max
                && (ulimit.Hard == -1 || (ulong)ulimit.Hard > max))
            {
                var asked = ulimit.Hard == -1 ? "unlimited" : ulimit.Hard.ToString(CultureInfo.InvariantCulture);
                errors.Add("ulimit", $"--ulimit {spec.Trim()}: the hard limit {asked} is above this host's hard limit of {max} for {ulimit.Name}, "
                    + $"which is all the daemon has to give; ask for at most {ulimit.Name}={Math.Min(ulimit.Soft == -1 ? max : (ulong)ulimit.Soft, max)}:{max}, or raise the daemon's own limit (e.g. LimitNOFILE= in dashboard.service)");
                continue;
            }
            if (ulimit.Name == "nofile" && seccompFilter && ulimit.Soft is >= 0 and < MinNofileWithSeccomp)
            {
                errors.Add("ulimit", $"--ulimit {spec.Trim()}: the runtime needs at least {MinNofileWithSeccomp} open files to load the container's seccomp filter "
                    + $"before the command starts; ask for nofile={MinNofileWithSeccomp} or more, or run without the filter (--security-opt seccomp=unconfined)");
                continue;
            }
            result.Add(ulimit);
        }
        return result;
    }
}
