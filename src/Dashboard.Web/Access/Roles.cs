using System.Security.Claims;

namespace Dashboard.Web.Access;

/// <summary>The three roles, and the authorization policies named after them (each includes the ones above it).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";
    public static readonly IReadOnlyList<string> All = [Admin, Operator, Viewer];

    /// <summary>Policy names for [Authorize(Policy = ...)] and &lt;AuthorizeView Policy="..."&gt;.</summary>
    public static class Policies
    {
        public const string Admin = "admin";
        public const string Operator = "operator";
        public const string Viewer = "viewer";
    }

    public static bool IsValid(string? role) => role is Admin or Operator or Viewer;

    /// <summary>True when <paramref name="user"/> has at least <paramref name="minimum"/>.</summary>
    public static bool Allows(ClaimsPrincipal user, string minimum) => minimum switch
    {
        Admin => user.IsInRole(Admin),
        Operator => user.IsInRole(Admin) || user.IsInRole(Operator),
        _ => user.IsInRole(Admin) || user.IsInRole(Operator) || user.IsInRole(Viewer),
    };
}
