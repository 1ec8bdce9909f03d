using Dashboard.Engine;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Access;

/// <summary>
/// A privileged container (--privileged) has every capability, no seccomp filter, unmasked /proc and /sys and the
/// host's devices: it can take over the host, so only admins may create one, like the host namespace modes
/// (<see cref="CreateAccess"/> checks both, for both APIs and the launch form).
/// </summary>
public static class PrivilegedAccess
{
    public static IReadOnlyList<FieldError> Check(CreateContainerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Privileged
            ? [new FieldError("privileged", "only admins may create a privileged container (--privileged): it has every capability and the host's devices")]
            : [];
    }
}
