using Dashboard.Engine.Networking;
using Dashboard.Web.Components.Networks;

namespace Dashboard.Web.Components.Launch;

/// <summary>The launch form's network choices after <c>bridge</c>: the user networks by name, then <c>none</c>.
/// "container" and "host" are the namespace choice's own.</summary>
public static class LaunchNetworks
{
    public static IReadOnlyList<(string Value, string Label)> Choices(INetworkCatalog? catalog)
    {
        var choices = new List<(string, string)>();
        // A network that a user named "container" could not be told apart from the choice of sharing a container's;
        // it is left out (docker run --network container works for it).
        foreach (var network in catalog?.List() ?? [])
        {
            if (network.Name is NetworkDefinition.DefaultName or "container") continue;
            choices.Add((network.Name, $"{network.Name} ({network.Subnet}{(network.Internal ? ", internal" : "")})"));
        }
        choices.Add(("none", "none (loopback only)"));
        return choices;
    }
}
