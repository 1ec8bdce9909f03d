using System.Text.RegularExpressions;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// --pid, --ipc and --uts, and the container:NAME form they share with --network (moby's PidMode, IpcMode and UTSMode
/// rules). A container target stays a reference here; the engine resolves it to the target's full id at create.
/// </summary>
internal static partial class NamespaceRules
{
    private const string ContainerPrefix = "container:";

    // A name (optionally with Docker's leading "/") or an id or id prefix.
    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ReferencePattern();

    public static bool IsContainerMode(string mode) => mode.StartsWith(ContainerPrefix, StringComparison.Ordinal);

    public static NamespaceMode? Pid(string? value, string? name, ValidationErrors errors)
    {
        var mode = value?.Trim() ?? "";
        if (mode is "" or "private") return NamespaceMode.Private;
        if (mode == "host") return NamespaceMode.Host;
        if (IsContainerMode(mode)) return ContainerTarget(mode, "pid", name, errors);
        errors.Add("pid", $"invalid --pid '{mode}': use host or container:NAME, or leave it out for a PID namespace of its own");
        return null;
    }

    public static NamespaceMode? Ipc(string? value, string? name, ValidationErrors errors)
    {
        var mode = value?.Trim() ?? "";
        // Every container's IPC namespace and /dev/shm can be joined here, so Docker's "shareable" is the default.
        if (mode is "" or "private" or "shareable") return NamespaceMode.Private;
        if (mode == "host") return NamespaceMode.Host;
        if (IsContainerMode(mode)) return ContainerTarget(mode, "ipc", name, errors);
        errors.Add("ipc", mode == "none"
            ? "--ipc none is not supported: containers here always get a /dev/shm; use private (the default), shareable, host or container:NAME"
            : $"invalid --ipc '{mode}': use private (the default), shareable, host or container:NAME");
        return null;
    }

    public static NamespaceMode? Uts(string? value, ValidationErrors errors)
    {
        var mode = value?.Trim() ?? "";
        if (mode is "" or "private") return NamespaceMode.Private;
        if (mode == "host") return NamespaceMode.Host;
        errors.Add("uts", IsContainerMode(mode)
            ? "--uts container:NAME is not supported (Docker has no such mode either): use --uts host, or leave it out for a UTS namespace of its own"
            : $"invalid --uts '{mode}': use host, or leave it out for a UTS namespace of its own");
        return null;
    }

    /// <summary>"container:NAME" to a container mode holding NAME; <paramref name="name"/> is the new container's.</summary>
    public static NamespaceMode? ContainerTarget(string mode, string field, string? name, ValidationErrors errors)
    {
        var reference = mode[ContainerPrefix.Length..].Trim();
        if (reference.Length == 0)
        {
            errors.Add(field, $"invalid --{field} '{mode}': name the container to share with, e.g. --{field} container:web");
            return null;
        }
        if (!ReferencePattern().IsMatch(reference))
        {
            errors.Add(field, $"invalid --{field} '{mode}': '{reference}' is not a container name or id");
            return null;
        }
        if (name is not null && reference.TrimStart('/') == name.TrimStart('/'))
        {
            errors.Add(field, $"a container cannot join its own {What(field)} namespace: '{reference}' is the container being created");
            return null;
        }
        return NamespaceMode.Container(reference.TrimStart('/'));
    }

    public static string What(string field) => field switch
    {
        "network" => "network",
        "pid" => "PID",
        "ipc" => "IPC",
        _ => "UTS",
    };
}
