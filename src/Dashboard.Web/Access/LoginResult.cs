using System.Security.Claims;

namespace Dashboard.Web.Access;

public enum LoginOutcome { Success, InvalidCredentials, LockedOut }

/// <summary>The result of a login attempt; <see cref="Principal"/> is set on success.</summary>
public sealed record LoginResult(LoginOutcome Outcome, ClaimsPrincipal? Principal = null, DateTimeOffset? LockedUntil = null);

/// <summary>A user management failure with a message for the form (name taken, last admin, weak password).</summary>
public sealed class AccessException(string message) : Exception(message);
