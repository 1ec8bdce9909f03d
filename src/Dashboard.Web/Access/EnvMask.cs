using System.Security.Claims;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Access;

/// <summary>
/// Container environments hold secrets (DB_PASSWORD=...). Viewers see the names but not the values: every entry
/// "NAME=value" reads "NAME=********" (always eight stars, so not even a value's length shows; an entry without "="
/// stays as it is, it has no value). Operators and admins, who could start a container that prints its environment
/// anyway, and the trusted unix socket see the values. Applied wherever a container's environment leaves the daemon:
/// Docker API inspect (Config.Env), the native API's container detail, and the UI's Inspect tab. The hub and the
/// container lists carry no environment, and the audit log never records one.
/// </summary>
public static class EnvMask
{
    public const string Mask = "********";

    /// <summary>May this user (a request's, or a circuit's through <see cref="UiActions"/>) see environment values?
    /// The unix socket's caller is an admin.</summary>
    public static bool ShowsValues(ClaimsPrincipal user) => Roles.Allows(user, Roles.Operator);

    public static IReadOnlyList<string> Apply(IEnumerable<string> env) =>
        env.Select(entry => entry.IndexOf('=') is var at and >= 0 ? entry[..(at + 1)] + Mask : entry).ToList();

    /// <summary>The record with its environment values masked.</summary>
    public static ContainerRecord Apply(ContainerRecord record) =>
        record with { Config = record.Config with { Env = Apply(record.Config.Env) } };
}
