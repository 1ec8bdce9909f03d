using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Networking;

/// <summary>netavark and aardvark-dns as found at start (Engine:Netavark and Engine:AardvarkDns, else podman's libexec
/// directories, where Debian installs them, else PATH), with their versions, for logs, /info and the host page.</summary>
public sealed record NetworkTools(string NetavarkPath, string NetavarkVersion, string AardvarkPath, string AardvarkVersion)
{
    public static readonly IReadOnlyList<string> SearchDirectories = ["/usr/lib/podman", "/usr/libexec/podman", "/usr/local/libexec/podman", "/usr/local/lib/podman"];

    /// <summary>The tools, or null and why not.</summary>
    public static async Task<(NetworkTools? Tools, string? Reason)> LocateAsync(string? netavark, string? aardvark, CancellationToken cancellationToken)
    {
        var (netavarkPath, netavarkError) = Find("netavark", netavark, "Engine:Netavark");
        if (netavarkPath is null) return (null, netavarkError);
        var (aardvarkPath, aardvarkError) = Find("aardvark-dns", aardvark, "Engine:AardvarkDns");
        if (aardvarkPath is null) return (null, aardvarkError);
        var netavarkVersion = await VersionAsync(netavarkPath, cancellationToken);
        if (netavarkVersion is null) return (null, $"{netavarkPath} --version failed");
        var aardvarkVersion = await VersionAsync(aardvarkPath, cancellationToken);
        if (aardvarkVersion is null) return (null, $"{aardvarkPath} --version failed");
        return (new NetworkTools(netavarkPath, netavarkVersion, aardvarkPath, aardvarkVersion), null);
    }

    private static (string? Path, string? Error) Find(string name, string? configured, string setting)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? (configured, null) : (null, $"{setting} is set to {configured}, which does not exist");
        var host = new SystemRuntimeHost();
        var path = SearchDirectories.Select(d => Path.Combine(d, name)).FirstOrDefault(host.IsExecutable) ?? host.FindOnPath(name);
        return path is null
            ? (null, $"{name} not found in {string.Join(", ", SearchDirectories)} or on PATH: apt-get install netavark aardvark-dns (containers get --network none until then)")
            : (path, null);
    }

    /// <summary>"netavark 1.4.0" → "1.4.0".</summary>
    private static async Task<string?> VersionAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(path, ["--version"], cancellationToken);
            if (!result.Succeeded) return null;
            var line = result.Stdout.Split('\n')[0].Trim();
            return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
