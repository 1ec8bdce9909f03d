namespace Dashboard.Web.Access;

/// <summary>What a page may let its user do, each with the least role it needs (<see cref="UiPermissions"/>): the
/// UI's counterpart of a route's policy. Pages ask <see cref="UiActions.CanAsync"/> to show or hide; the actions
/// themselves check again.</summary>
public enum UiPermission
{
    /// <summary>Create, start, stop, restart, pause, kill, remove containers, change their limits.</summary>
    ChangeContainers,

    /// <summary>Load, import and remove images.</summary>
    ChangeImages,

    /// <summary>Create, remove and prune networks.</summary>
    ChangeNetworks,
    /// <summary>Create, remove and prune volumes.</summary>
    ChangeVolumes,

    /// <summary>See environment values rather than <c>NAME=********</c> (<see cref="EnvMask"/>).</summary>
    SeeEnvironmentValues,

    /// <summary>Read the namespace inspector (host pids, mounts, sockets).</summary>
    InspectNamespaces,

    /// <summary>Create privileged containers and ones in (or joining one in) a host namespace (<see cref="CreateAccess"/>).</summary>
    UseHostNamespaces,

    /// <summary>Users, roles and API tokens.</summary>
    ManageAccess,

    /// <summary>Open a terminal in a running container (the Terminal tab; the exec WebSocket checks the role again).</summary>
    OpenTerminal,
}

/// <summary>The least role of each <see cref="UiPermission"/>, and how a refusal words it.</summary>
public static class UiPermissions
{
    public static string Minimum(UiPermission permission) => permission switch
    {
        UiPermission.ChangeContainers or UiPermission.ChangeImages or UiPermission.ChangeNetworks or UiPermission.ChangeVolumes or UiPermission.SeeEnvironmentValues or UiPermission.OpenTerminal => Roles.Operator,
        UiPermission.InspectNamespaces or UiPermission.ManageAccess => Roles.Admin,
        UiPermission.UseHostNamespaces => CreateAccess.MinimumRole,
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, null),
    };

    /// <summary>"Only operators and admins can change containers."</summary>
    public static string Refusal(UiPermission permission)
    {
        var who = Minimum(permission) == Roles.Admin ? "admins" : "operators and admins";
        var what = permission switch
        {
            UiPermission.ChangeContainers => "change containers",
            UiPermission.ChangeImages => "change images",
            UiPermission.ChangeNetworks => "change networks",
            UiPermission.ChangeVolumes => "change volumes",
            UiPermission.SeeEnvironmentValues => "see environment values",
            UiPermission.InspectNamespaces => "inspect namespaces",
            UiPermission.UseHostNamespaces => "create privileged containers or use host namespaces",
            UiPermission.OpenTerminal => "open a terminal in a container",
            _ => "manage users and API tokens",
        };
        return $"Only {who} can {what}.";
    }
}

/// <summary>A UI action the circuit's user may not take (<see cref="UiActions"/>); the message says who may.</summary>
public sealed class ActionRefusedException(UiPermission permission) : Exception(UiPermissions.Refusal(permission))
{
    public UiPermission Permission { get; } = permission;
}
