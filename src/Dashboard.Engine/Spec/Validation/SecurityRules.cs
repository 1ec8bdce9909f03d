using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// --privileged, --cap-add, --cap-drop, --read-only and --security-opt, with moby's spellings and words. Combinations
/// Docker accepts but silently ignores (--cap-drop or a seccomp profile with --privileged) are refused here, so that
/// nothing a user asks for is dropped.
/// </summary>
internal static class SecurityRules
{
    public static ContainerSecurity Validate(CreateContainerRequest request, HostLimits host, ValidationErrors errors)
    {
        var capAdd = Capabilities(request.CapAdd, "cap-add", host, errors);
        var capDrop = Capabilities(request.CapDrop, "cap-drop", host, errors);
        if (request.Privileged && capDrop.Count > 0)
            errors.Add("cap-drop", $"Conflicting options: --cap-drop {string.Join(',', request.CapDrop)} and --privileged: a privileged container has every capability; drop one of them");

        var security = new ContainerSecurity
        {
            Privileged = request.Privileged,
            CapAdd = capAdd,
            CapDrop = capDrop,
            ReadonlyRootfs = request.ReadonlyRootfs,
            SecurityOpt = request.SecurityOpt.Select(o => o.Trim()).ToArray(),
        };
        foreach (var option in security.SecurityOpt)
            security = Option(option, security, host, errors);
        if (request.Privileged && security.Seccomp is not null && security.Seccomp != ContainerSecurity.Unconfined)
            errors.Add("security-opt", "Conflicting options: --security-opt seccomp=<profile> and --privileged: a privileged container runs without seccomp; drop one of them");
        return security;
    }

    /// <summary>Docker's NormalizeLegacyCapabilities: CAP_ added, upper case, ALL kept, unknown names refused.</summary>
    private static IReadOnlyList<string> Capabilities(IReadOnlyList<string> names, string field, HostLimits host, ValidationErrors errors)
    {
        var result = new List<string>();
        foreach (var raw in names)
        {
            var name = CapabilityNames.Normalize(raw);
            if (name == "ALL" || host.Capabilities.Contains(name))
            {
                if (!result.Contains(name)) result.Add(name);
            }
            else if (CapabilityNames.All.Contains(name))
                errors.Add(field, $"capability not supported by your kernel or not available in the current environment: \"{name}\"");
            else
                errors.Add(field, $"unknown capability: \"{name}\" (--{field} {raw}): use a name from capabilities(7) such as NET_ADMIN or SYS_PTRACE, or ALL");
        }
        return result;
    }

    private static ContainerSecurity Option(string option, ContainerSecurity security, HostLimits host, ValidationErrors errors)
    {
        // moby: "key=value", or the deprecated "key:value"; no-new-privileges alone means true.
        var eq = option.IndexOf('=');
        if (eq < 0 && option != "no-new-privileges") eq = option.IndexOf(':');
        var key = eq < 0 ? option : option[..eq];
        var value = eq < 0 ? null : option[(eq + 1)..];
        switch (key)
        {
            case "no-new-privileges":
                if (value is null) return security with { NoNewPrivileges = true };
                if (ParseBool(value) is { } enabled) return security with { NoNewPrivileges = enabled };
                errors.Add("security-opt", $"invalid --security-opt 2: \"{option}\": use no-new-privileges, no-new-privileges=true or no-new-privileges=false");
                return security;
            case "seccomp" when !string.IsNullOrEmpty(value):
                return Seccomp(value, security, errors);
            case "apparmor" when !string.IsNullOrEmpty(value):
                if (host.AppArmorEnabled || value == "unconfined") return security with { AppArmorProfile = value };
                errors.Add("security-opt", $"--security-opt apparmor={value}: AppArmor is not enabled on this host, so no AppArmor profile can be applied; leave the option out (containers here run without one)");
                return security;
            case "label" when !string.IsNullOrEmpty(value):
                // "disable" turns labelling off, which is what a container here always has.
                if (value == "disable") return security;
                errors.Add("security-opt", host.SelinuxEnabled
                    ? $"--security-opt label={value}: SELinux labels are not supported by this engine yet; use label=disable or leave the option out"
                    : $"--security-opt label={value}: SELinux is not enabled on this host, so no SELinux label can be applied; leave the option out");
                return security;
            case "systempaths" when value == "unconfined":
                errors.Add("security-opt", "--security-opt systempaths=unconfined is not supported yet: /proc and /sys stay masked as in every container here");
                return security;
            default:
                errors.Add("security-opt", value is null or ""
                    ? $"Invalid --security-opt: \"{option}\": every option but no-new-privileges needs a value, e.g. seccomp=unconfined"
                    : $"invalid --security-opt 1: \"{option}\": supported are no-new-privileges[=true|false], seccomp=unconfined|builtin|<profile.json>, apparmor=<profile> and label=disable");
                return security;
        }
    }

    private static ContainerSecurity Seccomp(string value, ContainerSecurity security, ValidationErrors errors)
    {
        switch (value)
        {
            case ContainerSecurity.Unconfined:
                return security with { Seccomp = ContainerSecurity.Unconfined };
            case "builtin":
                return security with { Seccomp = null };
        }
        if (!value.TrimStart().StartsWith('{'))
        {
            errors.Add("security-opt", $"--security-opt seccomp={value}: send the profile's JSON content, not a file name: the docker CLI and dashctl read the file for you; through the API put the JSON itself after seccomp=");
            return security;
        }
        if (!DockerSeccompProfile.TryParse(value, out var profile, out var error))
        {
            errors.Add("security-opt", $"--security-opt seccomp: {error}");
            return security;
        }
        // Docker runs a profile with neither a default action nor rules as no filter at all.
        return security with { Seccomp = profile.IsEmpty ? ContainerSecurity.Unconfined : value };
    }

    /// <summary>Go's strconv.ParseBool.</summary>
    private static bool? ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };
}
