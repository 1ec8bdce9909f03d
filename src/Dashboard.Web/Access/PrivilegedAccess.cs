using Dashboard.Engine;
using System.Security.Claims;
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

    /// <summary>The 403 message for a caller that is not an admin (the unix socket's caller is one) and asks for a
    /// privileged exec (docker exec --privileged: every capability inside a running container), else null.</summary>
    public static string? ExecDenial(HttpContext context, bool privileged)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!privileged || Roles.Allows(context.User, CreateAccess.MinimumRole)) return null;
        return "Privileged execs are for admins only: only admins may run a privileged exec (docker exec --privileged): it has every capability. "
            + $"This {(context.User.Identity?.AuthenticationType == AccessClaims.BearerScheme ? "token" : "session")} has the '{context.User.FindFirstValue(ClaimTypes.Role) ?? "no"}' role.";
    }
}
