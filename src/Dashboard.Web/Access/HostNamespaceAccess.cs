using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Access;

/// <summary>
/// Host namespaces (--network, --pid, --ipc or --uts host) show a container the host's processes, sockets, shared
/// memory and name, so only admins may ask for them. That includes joining a container that is itself in a host
/// namespace (--network container:X where X is on the host network). Checked with the privileged rule by
/// <see cref="CreateAccess"/> for both APIs and the launch form.
/// </summary>
public static class HostNamespaceAccess
{
    /// <summary>One error per namespace flag of <paramref name="request"/> that reaches a host namespace. A target
    /// that does not exist is left to the engine, which rejects it with a 400.</summary>
    public static IReadOnlyList<FieldError> Check(CreateContainerRequest request, IContainerEngine engine)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        void Flag(string field, string? value, Func<ContainerConfig, NamespaceMode> modeOf, string what)
        {
            var mode = value?.Trim() ?? "";
            if (mode == "host")
                errors.Add(new FieldError(field, $"only admins may use the host's {what} namespace (--{field} host)"));
            else if (mode.StartsWith("container:", StringComparison.Ordinal)
                     && HostVia(engine, mode["container:".Length..].Trim(), modeOf) is { } target)
                errors.Add(new FieldError(field, $"only admins may join {target}: it is in the host's {what} namespace"));
        }

        Flag("network", request.NetworkMode, c => c.NetworkMode, "network");
        Flag("pid", request.PidMode, c => c.PidMode, "PID");
        Flag("ipc", request.IpcMode, c => c.IpcMode, "IPC");
        Flag("uts", request.UtsMode, c => c.UtsMode, "UTS");
        return errors;
    }

    /// <summary>The name of the container in the chain of container:X targets that is in the host's namespace. The
    /// chain is followed to its end, however long: it cannot loop (a container can only join one that already
    /// exists), and the visited set keeps it finite even if stored state ever said otherwise.</summary>
    private static string? HostVia(IContainerEngine engine, string reference, Func<ContainerConfig, NamespaceMode> modeOf)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (reference.Length > 0)
        {
            ContainerRecord target;
            try { target = engine.Get(reference.TrimStart('/')); }
            catch (EngineException) { return null; } // unknown or ambiguous: the engine's validation answers
            if (!visited.Add(target.Id)) return null;
            var mode = modeOf(target.Config);
            if (mode.IsHost) return target.Name;
            if (!mode.IsContainer) return null;
            reference = mode.ContainerId!;
        }
        return null;
    }
}
