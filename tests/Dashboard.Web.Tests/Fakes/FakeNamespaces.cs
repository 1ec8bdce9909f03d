using Dashboard.Engine;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>The real engine's create-time rule for --network/--pid/--ipc container:NAME: the target is stored by
/// its full id, and an unknown one is a 400 at the field (the docker CLI would answer a 404 by pulling).</summary>
internal static class FakeNamespaces
{
    public static ContainerConfig ResolveTargets(ContainerConfig config, Func<string, string?> findId)
    {
        var errors = new List<FieldError>();
        NamespaceMode Resolve(NamespaceMode mode, string field)
        {
            if (!mode.IsContainer) return mode;
            if (findId(mode.ContainerId!) is { } id) return NamespaceMode.Container(id);
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
