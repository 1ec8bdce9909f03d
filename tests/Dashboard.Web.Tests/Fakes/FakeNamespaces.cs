using Dashboard.Engine;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>The real validator's namespace rules for the fake engines, with container:NAME resolved to the target's
/// full id by the fake (an unknown target is the real engine's 400 at the field).</summary>
internal static class FakeNamespaces
{
    public static ContainerConfig Apply(ContainerConfig config, CreateContainerRequest r, Func<string, string?> findId)
    {
        if (r.NetworkMode is null && r.PidMode is null && r.IpcMode is null && r.UtsMode is null) return config;
        var modes = ContainerRequestValidator.Validate(new CreateContainerRequest
        {
            Image = "busybox", Hostname = r.Hostname,
            NetworkMode = r.NetworkMode, PidMode = r.PidMode, IpcMode = r.IpcMode, UtsMode = r.UtsMode,
        }, new HostLimits(4, 8L << 30));
        NamespaceMode Resolve(NamespaceMode mode, string field) => !mode.IsContainer ? mode
            : NamespaceMode.Container(findId(mode.ContainerId!) ?? throw new ValidationException(field, $"no such container: {mode.ContainerId}"));
        return config with
        {
            NetworkMode = Resolve(modes.NetworkMode, "network"),
            PidMode = Resolve(modes.PidMode, "pid"),
            IpcMode = Resolve(modes.IpcMode, "ipc"),
            UtsMode = modes.UtsMode,
        };
    }
}
