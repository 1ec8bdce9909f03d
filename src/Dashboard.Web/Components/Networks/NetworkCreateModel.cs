using Dashboard.Engine.Networking;
using Dashboard.Web.Components.Launch;

namespace Dashboard.Web.Components.Networks;

/// <summary>The create form's inputs as typed; <see cref="ToRequest"/> makes the engine's request (which owns every rule).</summary>
public sealed class NetworkCreateModel
{
    public string Name { get; set; } = "";
    /// <summary>Blank: a free /24 from the daemon's pool.</summary>
    public string Subnet { get; set; } = "";
    /// <summary>Blank: the subnet's first address.</summary>
    public string Gateway { get; set; } = "";
    public bool Internal { get; set; }
    public List<KeyValueRow> Labels { get; } = [];

    public NetworkCreateRequest ToRequest() => new()
    {
        Name = Name.Trim(),
        Subnet = Subnet.Trim() is { Length: > 0 } subnet ? subnet : null,
        Gateway = Gateway.Trim() is { Length: > 0 } gateway ? gateway : null,
        Internal = Internal,
        Labels = Labels.Where(l => l.Key.Trim().Length > 0)
            .GroupBy(l => l.Key.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
    };

    /// <summary>The docker CLI line for the same network, shown under the form.</summary>
    public string DockerLine()
    {
        var request = ToRequest();
        var words = new List<string> { "docker", "network", "create" };
        if (request.Subnet is { } subnet) words.AddRange(["--subnet", ShellWords.Quote(subnet)]);
        if (request.Gateway is { } gateway) words.AddRange(["--gateway", ShellWords.Quote(gateway)]);
        if (request.Internal) words.Add("--internal");
        foreach (var (key, value) in request.Labels) words.AddRange(["--label", ShellWords.Quote(key + "=" + value)]);
        words.Add(request.Name.Length == 0 ? "NAME" : ShellWords.Quote(request.Name));
        return string.Join(' ', words);
    }
}
