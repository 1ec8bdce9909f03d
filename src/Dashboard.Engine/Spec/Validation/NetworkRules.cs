using System.Net;
using System.Net.Sockets;
using Dashboard.Engine.Networking;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// --network: a network of the engine's (the default <c>bridge</c> when none is named, as in Docker, or a user network by
/// name), an isolated namespace with loopback only ("none"), the host's, or another container's. Endpoint options
/// (static --ip, --network-alias) and further networks come from Docker's NetworkingConfig.EndpointsConfig; they only make
/// sense with a network of the engine's.
/// </summary>
internal static class NetworkRules
{
    /// <summary>The mode (null when invalid; the error is recorded) and the networks to join, the first being the one
    /// --network named.</summary>
    public static (NamespaceMode? Mode, IReadOnlyList<NetworkAttachment> Networks) Validate(
        string? network, IReadOnlyList<NetworkAttachment>? endpoints, string? name, ValidationErrors errors)
    {
        var mode = network?.Trim() ?? "";
        endpoints ??= [];
        switch (mode)
        {
            case "none" or "host":
                if (endpoints.Any(e => e.Name != mode))
                    errors.Add("network", $"--network {mode} cannot be combined with other networks ({string.Join(", ", endpoints.Select(e => e.Name).Where(n => n != mode))})");
                else if (endpoints.Any(e => e.Aliases.Count > 0 || !string.IsNullOrWhiteSpace(e.IPv4Address)))
                    errors.Add("network", $"--ip and --network-alias need a network of the engine's: --network {mode} has none");
                return (mode == "none" ? NetworkMode.None : NetworkMode.Host, []);
        }
        if (NamespaceRules.IsContainerMode(mode))
        {
            if (endpoints.Count > 0)
                errors.Add("network", $"--network {mode} shares another container's network: it cannot join networks of its own ({string.Join(", ", endpoints.Select(e => e.Name))})");
            return (NamespaceRules.ContainerTarget(mode, "network", name, errors), []);
        }
        var first = mode is "" or "default" ? endpoints.FirstOrDefault()?.Name ?? NetworkDefinition.DefaultName : mode;
        var names = new List<string> { first };
        names.AddRange(endpoints.Select(e => e.Name).Where(n => n != first).Distinct(StringComparer.Ordinal));
        var attachments = new List<NetworkAttachment>();
        foreach (var networkName in names)
        {
            if (!IsValidName(networkName))
            {
                errors.Add("network", $"invalid network name '{networkName}': use letters, digits, '_', '.' and '-', starting with a letter or digit");
                continue;
            }
            var endpoint = endpoints.FirstOrDefault(e => e.Name == networkName) ?? new NetworkAttachment(networkName);
            if (endpoint.IPv4Address?.Trim() is { Length: > 0 } ip && !IsIPv4(ip))
                errors.Add("ip", $"invalid --ip {ip} for network {networkName}: give an IPv4 address inside the network's subnet");
            foreach (var alias in endpoint.Aliases.Where(a => !Parsing.Hostnames.TryValidate(a, out _)))
                errors.Add("network-alias", $"invalid --network-alias '{alias}': use letters, digits and '-' (a DNS name)");
            attachments.Add(endpoint with
            {
                Name = networkName,
                NetworkId = null,
                IPv4Address = string.IsNullOrWhiteSpace(endpoint.IPv4Address) ? null : endpoint.IPv4Address.Trim(),
            });
        }
        return (NetworkMode.None, attachments);
    }

    public static bool IsValidName(string name) => NetworkNames.IsValid(name);

    /// <summary>Four dotted numbers only: IPAddress.TryParse also takes "1.2.3" (as 1.2.0.3) and "10".</summary>
    public static bool IsIPv4(string text) =>
        text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork;
}
