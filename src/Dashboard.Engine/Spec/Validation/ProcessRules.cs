using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>Image, name, environment, working directory, user, labels: what the process is and where it runs.</summary>
internal static class ProcessRules
{
    public static void ValidateImage(string? image, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(image))
            errors.Add("image", "an image is required, e.g. busybox");
        else if (image.Length > InputLimits.MaxImageLength)
            errors.Add("image", $"invalid reference format: the image reference is {image.Length} characters long; at most {InputLimits.MaxImageLength} are allowed");
        else if (image.Trim().Any(char.IsWhiteSpace))
            errors.Add("image", $"invalid reference format: '{image}' contains whitespace");
    }

    public static void ValidateName(string? name, ValidationErrors errors)
    {
        if (name is null) return; // the engine generates one
        if (!ContainerNames.TryValidate(name, out var error)) errors.Add("name", error);
    }

    public static void ValidateEnv(IReadOnlyList<string> env, ValidationErrors errors)
    {
        foreach (var entry in env)
            if (!EnvEntries.TryValidate(entry, out var error)) errors.Add("env", error);
    }

    public static string? ValidateWorkdir(string? workdir, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(workdir)) return null;
        if (!workdir.StartsWith('/'))
        {
            errors.Add("workdir", $"the working directory '{workdir}' is invalid: it needs to be an absolute path, e.g. /app");
            return null;
        }
        // A cwd under /proc/self/fd (or any /proc/N/fd) is how CVE-2024-21626 leaked a host directory fd.
        if (workdir.StartsWith("/proc/", StringComparison.Ordinal) && workdir.Contains("/fd"))
        {
            errors.Add("workdir", $"the working directory '{workdir}' is not allowed: it points into /proc file descriptors");
            return null;
        }
        return workdir;
    }

    public static string? ValidateUser(string? user, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(user)) return null;
        if (!UserSpec.TryValidate(user, out var error))
        {
            errors.Add("user", error);
            return null;
        }
        return user;
    }

    public static void ValidateLabels(IReadOnlyDictionary<string, string> labels, ValidationErrors errors)
    {
        foreach (var key in labels.Keys)
            if (string.IsNullOrWhiteSpace(key))
                errors.Add("label", "a label name cannot be empty: use key=value, e.g. --label tier=web");
    }

    public static string? ValidateHostname(string? hostname, NamespaceMode? network, NamespaceMode? uts, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(hostname)) return null;
        if (!Hostnames.TryValidate(hostname, out var error))
        {
            errors.Add("hostname", error);
            return null;
        }
        // Docker's runconfig conflicts: a container without a UTS namespace of its own, or on another container's
        // network, cannot choose its hostname.
        string? conflict = network?.Kind switch
        {
            NamespaceModeKind.Host => "Conflicting options: --hostname and --network host: a container on the host network uses the host's hostname",
            NamespaceModeKind.Container => "conflicting options: hostname and the network mode: a container on another container's network (--network container:NAME) has that container's hostname",
            _ when uts?.IsHost == true => "conflicting options: hostname and the UTS mode: with --uts host the container uses the host's hostname",
            _ => null,
        };
        if (conflict is null) return hostname;
        errors.Add("hostname", conflict);
        return null;
    }
}
