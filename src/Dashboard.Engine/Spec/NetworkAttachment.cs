namespace Dashboard.Engine.Spec;

/// <summary>
/// One network a container joins (--network NAME, or Docker's NetworkingConfig.EndpointsConfig): by name as typed, and
/// once created by the network's id as well, so a network removed and recreated under the same name is not joined by
/// mistake (Docker stores the id too). <see cref="IPv4Address"/> is a static address (--ip); null leases one.
/// </summary>
public sealed record NetworkAttachment(string Name)
{
    public string? NetworkId { get; init; }
    public string? IPv4Address { get; init; }
    /// <summary>Extra DNS names on a user network (--network-alias).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>A published port (-p): <see cref="HostPort"/> 0 means a random free port picked at each start; an empty
/// <see cref="HostIp"/> means every host address.</summary>
public sealed record PortBinding(string HostIp, int HostPort, int ContainerPort, string Protocol)
{
    /// <summary>"80/tcp", Docker's key for the container side.</summary>
    public string ContainerKey => $"{ContainerPort}/{Protocol}";
}
