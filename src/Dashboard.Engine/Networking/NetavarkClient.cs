using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Networking;

/// <summary>
/// Runs netavark setup/teardown for one network namespace. netavark gets a config directory of this engine's own
/// (RunRoot/netavark: aardvark-dns's per-network files and pid live there, never podman's), the iptables firewall
/// driver (NETAVARK_FW: netavark 1.4 has no nftables driver yet; iptables-nft programs nftables through the iptables
/// API), and aardvark-dns by path.
/// </summary>
public sealed class NetavarkClient(NetworkTools tools, string configDirectory)
{
    private static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["NETAVARK_FW"] = "iptables",
        ["RUST_LOG"] = "warn",
    };

    public string ConfigDirectory => configDirectory;

    /// <summary>Configures the namespace; returns netavark's answer (JSON: per network, interfaces and their MACs).</summary>
    /// <exception cref="NetworkSetupException">netavark failed; it undoes what it did itself.</exception>
    public Task<string> SetupAsync(string netnsPath, string input, CancellationToken cancellationToken) =>
        RunAsync("setup", netnsPath, input, cancellationToken);

    /// <summary>Undoes a setup given the same input: the veth, the port forwarding and the network's rules when it was
    /// the network's last member (then the bridge too), and its names in aardvark-dns.</summary>
    public Task TeardownAsync(string netnsPath, string input, CancellationToken cancellationToken) =>
        RunAsync("teardown", netnsPath, input, cancellationToken);

    private async Task<string> RunAsync(string command, string netnsPath, string input, CancellationToken cancellationToken)
    {
        try
        {
            return await RunLockedAsync(command, netnsPath, input, cancellationToken);
        }
        finally
        {
            if (command == "teardown") await RestoreIsolationJumpAsync();
        }
    }

    /// <summary>
    /// netavark 1.4 removes the FORWARD rule that sends traffic to NETAVARK_ISOLATION_1 when it tears down the last member
    /// of any isolated network, although other isolated networks (of this daemon, another one, or podman) still rely on
    /// it: until their next setup, their containers could reach each other's networks (measured: two isolated networks,
    /// the first torn down, the jump gone, the second's rule still in NETAVARK_ISOLATION_1). netavark cannot be asked to
    /// keep it, so after each teardown the jump is put back in first place while NETAVARK_ISOLATION_1 still has rules
    /// (the one iptables call the engine makes itself; later netavark releases keep the rule).
    /// </summary>
    private async Task RestoreIsolationJumpAsync()
    {
        try
        {
            using (await HostLock.AcquireAsync(CancellationToken.None))
            {
                var chain = await ProcessRunner.RunAsync("iptables", ["-w", "-S", IsolationChain], CancellationToken.None);
                if (!chain.Succeeded || !chain.Stdout.Contains("-A " + IsolationChain, StringComparison.Ordinal)) return;
                var check = await ProcessRunner.RunAsync("iptables", ["-w", "-C", "FORWARD", "-j", IsolationChain], CancellationToken.None);
                if (check.Succeeded) return;
                await ProcessRunner.RunAsync("iptables", ["-w", "-I", "FORWARD", "1", "-j", IsolationChain], CancellationToken.None);
            }
        }
        catch (System.ComponentModel.Win32Exception) { } // no iptables: netavark could not have made the chain either
    }

    private const string IsolationChain = "NETAVARK_ISOLATION_1";

    private async Task<string> RunLockedAsync(string command, string netnsPath, string input, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(configDirectory);
        ProcessResult result;
        // netavark 1.4 takes no lock of its own: two runs at once race on the iptables chains they share ("iptables:
        // Chain already exists", measured under the lifecycle stress test), and so do runs of two daemons on one host.
        // podman serialises its calls; this engine holds a host-wide lock around each run.
        using (await HostLock.AcquireAsync(cancellationToken))
        {
            result = await ProcessRunner.RunAsync(tools.NetavarkPath,
                ["--config", configDirectory, "--aardvark-binary", tools.AardvarkPath, command, netnsPath],
                cancellationToken, standardInput: input, environment: Environment);
        }
        // netavark reports its errors as {"error": "..."} on stdout; stderr carries its log lines.
        if (!result.Succeeded) throw new NetworkSetupException(command, result.ExitCode, ErrorOf(result.Stdout) ?? Stderr(result.Stderr));
        return result.Stdout;
    }

    private static string? ErrorOf(string stdout)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(stdout);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (System.Text.Json.JsonException) { return stdout.Trim().Length > 0 ? stdout.Trim() : null; }
    }

    /// <summary>netavark's error without the syslog complaint it prints where no syslog runs.</summary>
    private static string Stderr(string text) => string.Join('\n', text.Split('\n')
        .Where(line => !line.StartsWith("failed to connect to syslog", StringComparison.Ordinal) && line.Trim().Length > 0));
}
