using System.Security.Claims;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Access;

/// <summary>
/// The one place that decides what of a create request a user's role allows: privileged containers
/// (<see cref="PrivilegedAccess"/>) and host namespaces (<see cref="HostNamespaceAccess"/>) are for admins (the unix
/// socket's caller is one). These depend on the request's body, so no route policy can say them: the Docker API's and
/// the native API's create handlers ask <see cref="Denial"/> for their 403, and <see cref="UiActions"/> asks
/// <see cref="Refusals"/> for the launch form's field errors and before it creates.
/// </summary>
public static class CreateAccess
{
    /// <summary>Who may ask for everything: privileged containers and host namespaces.</summary>
    public const string MinimumRole = Roles.Admin;

    /// <summary>One error per thing <paramref name="request"/> asks for that <paramref name="user"/>'s role does not
    /// allow; none for admins.</summary>
    public static IReadOnlyList<FieldError> Refusals(ClaimsPrincipal user, CreateContainerRequest request, IContainerEngine engine)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Roles.Allows(user, MinimumRole)) return [];
        return [.. PrivilegedAccess.Check(request), .. HostNamespaceAccess.Check(request, engine)];
    }

    /// <summary>The APIs' 403 message when <see cref="Refusals"/> has any, naming the caller's role; else null.</summary>
    public static string? Denial(ClaimsPrincipal user, CreateContainerRequest request, IContainerEngine engine)
    {
        var refusals = Refusals(user, request, engine);
        if (refusals.Count == 0) return null;
        var privileged = refusals.Any(e => e.Field == "privileged");
        var namespaces = refusals.Any(e => e.Field != "privileged");
        var what = !privileged ? "Host namespaces are" : !namespaces ? "Privileged containers are" : "Privileged containers and host namespaces are";
        return $"{what} for admins only: " + string.Join("; ", refusals.Select(e => e.Message))
              + $". This {(user.Identity?.AuthenticationType == AccessClaims.BearerScheme ? "token" : "session")} has the '{RoleOf(user)}' role.";
    }

    private static string RoleOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "no";
}
