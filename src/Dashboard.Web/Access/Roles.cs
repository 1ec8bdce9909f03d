using System.Security.Claims;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Dashboard.Web.Access;

/// <summary>The three roles, and the authorization policies named after them (each includes the ones above it).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";
    public static readonly IReadOnlyList<string> All = [Admin, Operator, Viewer];

    /// <summary>Policy names for RequireAuthorization, [Authorize(Policy = ...)] and &lt;AuthorizeView Policy="..."&gt;.</summary>
    public static class Policies
    {
        public const string Admin = "admin";
        public const string Operator = "operator";
        public const string Viewer = "viewer";

        /// <summary>Only the unix socket's caller (<see cref="AccessClaims.SocketScheme"/>), whatever a TCP user's role.</summary>
        public const string UnixSocket = "unix-socket";
    }

    public static bool IsValid(string? role) => role is Admin or Operator or Viewer;

    /// <summary>The roles that have at least <paramref name="minimum"/>: admin, then operator, then viewer.</summary>
    public static IReadOnlyList<string> AtLeast(string minimum) => minimum switch
    {
        Admin => [Admin],
        Operator => [Admin, Operator],
        Viewer => [Admin, Operator, Viewer],
        _ => throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "not a role"),
    };

    /// <summary>The requirement behind the policy named after <paramref name="minimum"/>, for checks made in code
    /// (<see cref="UiActions"/>).</summary>
    public static RolesAuthorizationRequirement Requirement(string minimum) => new(AtLeast(minimum));

    /// <summary>The least of <paramref name="roles"/> (the one a refusal names: "the 'operator' role is needed").</summary>
    public static string Least(IEnumerable<string> roles) => All.Last(roles.Contains);

    /// <summary>True when <paramref name="user"/> has at least <paramref name="minimum"/>.</summary>
    public static bool Allows(ClaimsPrincipal user, string minimum) => AtLeast(minimum).Any(user.IsInRole);

    /// <summary>The user's role, for display ("" when none).</summary>
    public static string Of(ClaimsPrincipal user) => All.FirstOrDefault(user.IsInRole) ?? "";
}
