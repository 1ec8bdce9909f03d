using System.Security.Claims;

namespace Dashboard.Web.Access;

/// <summary>Claims our principals carry: the session id (cookie logins) or the token id (bearer tokens); and the
/// principal of the unix socket.</summary>
public static class AccessClaims
{
    public const string SessionId = "dash:sid";
    public const string TokenId = "dash:tid";
    public const string CookieScheme = "dash-cookie";
    public const string BearerScheme = "dash-bearer";
    public const string SocketScheme = "dash-socket";
    public const string SmartScheme = "dash";

    /// <summary>The name the unix socket's caller acts under (the audit log's actor).</summary>
    public const string UnixSocketName = "unix-socket";

    public static ClaimsPrincipal ForSession(string sessionId, long userId, string name, string role) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(SessionId, sessionId),
    ], CookieScheme, ClaimTypes.Name, ClaimTypes.Role));

    public static ClaimsPrincipal ForToken(long tokenId, string tokenName, string role) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, "token:" + tokenName), new Claim(ClaimTypes.Role, role),
        new Claim(TokenId, tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ], BearerScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Whoever is on the unix socket: an admin (the socket's file mode is the access control).</summary>
    public static ClaimsPrincipal ForUnixSocket() => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, UnixSocketName), new Claim(ClaimTypes.Role, Roles.Admin),
    ], SocketScheme, ClaimTypes.Name, ClaimTypes.Role));

    public static bool IsUnixSocket(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: SocketScheme };

    /// <summary>The key a revocation is announced under: "s:&lt;session&gt;" or "t:&lt;token id&gt;", null for others.</summary>
    public static string? RevocationKey(ClaimsPrincipal user) =>
        user.FindFirstValue(SessionId) is { } sid ? "s:" + sid : user.FindFirstValue(TokenId) is { } tid ? "t:" + tid : null;
}
