using Dashboard.Engine.Events;
using Dashboard.Engine.Networking;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Validation;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

/// <summary>
/// docker network connect/disconnect. Under the container's lock: the network joins (or leaves) the container's
/// definition, which is persisted, and a running (or paused) container gets (or loses) its interface on it at once
/// through <see cref="NetworkService.ConnectAsync"/> / <see cref="NetworkService.DisconnectAsync"/>, with its /etc/hosts
/// and /etc/resolv.conf rewritten in place. A stopped container gets the change at its next start (and, as in Docker,
/// no connect/disconnect event until then).
/// </summary>
public sealed partial class ContainerEngine
{
    public async Task<ContainerRecord> ConnectNetworkAsync(string containerReference, string networkReference,
        IReadOnlyList<string>? aliases, string? ipv4Address, CancellationToken cancellationToken)
    {
        var networks = _networks ?? throw new NetworkingUnavailableException("netavark and aardvark-dns are not installed");
        aliases ??= [];
        var errors = new ValidationErrors();
        var ip = string.IsNullOrWhiteSpace(ipv4Address) ? null : ipv4Address.Trim();
        if (ip is not null && !NetworkRules.IsIPv4(ip))
            errors.Add("ip", $"invalid --ip {ip}: give an IPv4 address inside the network's subnet");
        foreach (var alias in aliases.Where(a => !Spec.Parsing.Hostnames.TryValidate(a, out _)))
            errors.Add("alias", $"invalid --alias '{alias}': use letters, digits and '-' (a DNS name)");
        errors.ThrowIfAny();

        using var lease = await LockAsync(containerReference, cancellationToken);
        var entry = lease.Entry;
        var record = entry.Record;
        var network = networks.Resolve(networkReference);
        CheckOwnNetworkMode(record.Config);
        if (record.Config.Networks.Any(n => n.NetworkId == network.Id || n.Name == network.Name))
            throw new EndpointExistsException(record.Name, network.Name);
        var attachment = networks.ResolveAttachments([new NetworkAttachment(network.Name) { Aliases = aliases, IPv4Address = ip }])[0];

        var before = entry.Record;
        ContainerEndpoint? endpoint = null;
        if (before.State.Status.IsAlive())
        {
            var taken = before.State.Networks.Select(e => e.InterfaceName).ToHashSet(StringComparer.Ordinal);
            var interfaceName = Enumerable.Range(0, 64).Select(i => $"eth{i}").First(n => !taken.Contains(n));
            endpoint = await networks.ConnectAsync(before.Id, before.Name, attachment, interfaceName, cancellationToken);
        }
        entry.Update(r => r with
        {
            Config = r.Config with { Networks = [.. r.Config.Networks, attachment] },
            State = endpoint is null ? r.State : r.State with { Networks = [.. r.State.Networks, endpoint] },
        });
        try
        {
            await SaveUnlockedAsync(entry);
        }
        catch
        {
            if (endpoint is not null) await networks.DisconnectAsync(before.Id, network.Id, force: true, CancellationToken.None);
            entry.Update(_ => before);
            throw;
        }
        if (endpoint is not null) RewriteNetworkFiles(entry.Record);
        return entry.Record;
    }

    /// <summary><paramref name="force"/>: a teardown netavark fails is logged and the network still leaves the
    /// container (Docker's -f forgets an endpoint it cannot clean up).</summary>
    public async Task<ContainerRecord> DisconnectNetworkAsync(string containerReference, string networkReference, bool force,
        CancellationToken cancellationToken)
    {
        var networks = _networks ?? throw new NetworkingUnavailableException("netavark and aardvark-dns are not installed");
        using var lease = await LockAsync(containerReference, cancellationToken);
        var entry = lease.Entry;
        var record = entry.Record;
        var network = networks.Resolve(networkReference);
        CheckOwnNetworkMode(record.Config);
        var attachment = record.Config.Networks.FirstOrDefault(n => n.NetworkId == network.Id || n.Name == network.Name)
            ?? throw new NotConnectedException(record.Id, network.Name);
        var before = record;
        if (record.State.Status.IsAlive()) await networks.DisconnectAsync(record.Id, network.Id, force, cancellationToken);
        entry.Update(r => r with
        {
            Config = r.Config with { Networks = r.Config.Networks.Where(n => n != attachment).ToList() },
            State = r.State with { Networks = r.State.Networks.Where(e => e.NetworkId != network.Id).ToList() },
        });
        // The network is gone from the namespace already: the record follows, now or by the retry.
        await PersistOrRetryAsync(entry);
        if (before.State.Status.IsAlive()) RewriteNetworkFiles(entry.Record);
        return entry.Record;
    }

    /// <summary>Only a container with a network namespace of its own has networks to change: Docker's words for the
    /// others.</summary>
    private static void CheckOwnNetworkMode(ContainerConfig config)
    {
        if (config.NetworkMode.IsHost)
            throw new NetworkModeConflictException("container cannot be disconnected from host network or connected to host network");
        if (!config.NetworkMode.IsPrivate)
            throw new NetworkModeConflictException("container sharing network namespace with another container or host cannot be connected to any other network");
    }

    /// <summary>/etc/hosts and /etc/resolv.conf of a running container after a connect or disconnect: its addresses,
    /// and aardvark-dns of every user network it is on. Written over the bind-mounted files in place (same inode).</summary>
    private void RewriteNetworkFiles(ContainerRecord record)
    {
        if (_networks is null) return;
        var hostname = record.State.Hostname ?? Environment.MachineName;
        var onNetworks = record.State.Networks.Select(e => e.NetworkId).ToHashSet(StringComparer.Ordinal);
        var dns = _networks.List().Where(n => n.DnsEnabled && onNetworks.Contains(n.Id)).Select(n => n.Gateway.ToString()).ToList();
        try
        {
            BundleFiles.RewriteNetworkFiles(_snapshotter.ContainerDirectory(record.Id), hostname, record.State.Networks, dns);
        }
        catch (IOException ex)
        {
            _logger.LogWarning("Could not rewrite /etc/hosts and /etc/resolv.conf of {Id}: {Reason}", record.ShortId, ex.Message);
        }
    }
}
