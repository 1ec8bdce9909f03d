using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>The create-time rule for --network/--pid/--ipc container:NAME, in one place for the engine and the fakes
/// of the layers above it: the target is stored by its full id, as Docker stores "container:&lt;id&gt;".</summary>
public static class NamespaceTargets
{
    /// <summary>Replaces each container:NAME reference with the target's full id.</summary>
    /// <param name="findId">The full id of the container a name, id or id prefix names, or null.</param>
    /// <exception cref="ValidationException">A target does not exist ("no such container").</exception>
    public static ContainerConfig Resolve(ContainerConfig config, Func<string, string?> findId)
    {
        var errors = new List<FieldError>();
        NamespaceMode Resolve(NamespaceMode mode, string field)
        {
            if (!mode.IsContainer) return mode;
            if (findId(mode.ContainerId!) is { } id) return NamespaceMode.Container(id);
            // 400, not 404: the docker CLI answers a 404 from create by trying to pull the image.
            errors.Add(new FieldError(field, $"no such container: {mode.ContainerId}: --{field} container:NAME must name an existing container"));
            return mode;
        }

        var resolved = config with
        {
            NetworkMode = Resolve(config.NetworkMode, "network"),
            PidMode = Resolve(config.PidMode, "pid"),
            IpcMode = Resolve(config.IpcMode, "ipc"),
        };
        if (errors.Count > 0) throw new ValidationException(errors);
        return resolved;
    }
}
