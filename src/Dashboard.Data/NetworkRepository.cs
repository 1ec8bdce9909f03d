using System.Net;
using System.Text.Json;
using Dapper;
using Dashboard.Engine.Networking;
using Dashboard.Engine.Persistence;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>Networks in <c>networks</c>; container network setups and their leases in <c>network_setups</c> and
/// <c>ip_leases</c> (migration 0004).</summary>
public sealed class NetworkRepository(SqliteDatabase database) : INetworkStore
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public async Task<IReadOnlyList<NetworkDefinition>> LoadNetworksAsync(CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<NetworkRow>(new CommandDefinition("""
            SELECT id AS Id, name AS Name, driver AS Driver, bridge_name AS BridgeName, subnet AS Subnet, gateway AS Gateway,
                   internal AS Internal, dns_enabled AS DnsEnabled, labels_json AS LabelsJson, created AS Created
            FROM networks ORDER BY created, name
            """, cancellationToken: cancellationToken))).ConfigureAwait(false);
        return rows.Select(r => new NetworkDefinition
        {
            Id = r.Id,
            Name = r.Name,
            Driver = r.Driver,
            BridgeName = r.BridgeName,
            Subnet = IPNetwork.Parse(r.Subnet),
            Gateway = IPAddress.Parse(r.Gateway),
            Internal = r.Internal != 0,
            DnsEnabled = r.DnsEnabled != 0,
            Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(r.LabelsJson) ?? [],
            Created = UnixTime.FromIsoText(r.Created),
        }).ToList();
    }

    public Task InsertNetworkAsync(NetworkDefinition network, CancellationToken cancellationToken) =>
        database.WriteAsync(async connection =>
        {
            try
            {
                return await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO networks (id, name, driver, bridge_name, subnet, gateway, internal, dns_enabled, labels_json, created)
                    VALUES (@Id, @Name, @Driver, @BridgeName, @Subnet, @Gateway, @Internal, @DnsEnabled, @LabelsJson, @Created)
                    """, new NetworkRow
                {
                    Id = network.Id,
                    Name = network.Name,
                    Driver = network.Driver,
                    BridgeName = network.BridgeName,
                    Subnet = network.Subnet.ToString(),
                    Gateway = network.Gateway.ToString(),
                    Internal = network.Internal ? 1 : 0,
                    DnsEnabled = network.DnsEnabled ? 1 : 0,
                    LabelsJson = JsonSerializer.Serialize(network.Labels),
                    Created = UnixTime.ToIsoText(network.Created),
                }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique && e.Message.Contains("networks.name", StringComparison.Ordinal))
            {
                throw new NetworkNameConflictException(network.Name);
            }
        }, cancellationToken);

    public Task DeleteNetworkAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => connection.ExecuteAsync(
            new CommandDefinition("DELETE FROM networks WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)), cancellationToken);

    public async Task<IReadOnlyList<NetworkSetupRecord>> LoadSetupsAsync(CancellationToken cancellationToken)
    {
        var (setups, leases) = await database.ReadAsync(async connection =>
        {
            var s = await connection.QueryAsync<(string ContainerId, string Json)>(new CommandDefinition(
                "SELECT container_id, netavark_json FROM network_setups ORDER BY container_id", cancellationToken: cancellationToken)).ConfigureAwait(false);
            var l = await connection.QueryAsync<(string ContainerId, string NetworkId, string Address)>(new CommandDefinition(
                "SELECT container_id, network_id, address FROM ip_leases ORDER BY container_id, network_id", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (s.ToList(), l.ToList());
        }).ConfigureAwait(false);
        var byContainer = leases.ToLookup(l => l.ContainerId);
        return setups.Select(s => new NetworkSetupRecord(s.ContainerId, s.Json,
            byContainer[s.ContainerId].Select(l => new IpLease(l.NetworkId, IPAddress.Parse(l.Address))).ToList())).ToList();
    }

    public Task SaveSetupAsync(NetworkSetupRecord setup, CancellationToken cancellationToken) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM network_setups WHERE container_id = @Id",
                new { Id = setup.ContainerId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO network_setups (container_id, netavark_json) VALUES (@Id, @Json)",
                new { Id = setup.ContainerId, Json = setup.NetavarkJson }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var lease in setup.Leases)
            {
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO ip_leases (network_id, address, container_id) VALUES (@NetworkId, @Address, @Id)",
                        new { lease.NetworkId, Address = lease.Address.ToString(), Id = setup.ContainerId }, transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
                {
                    throw new IpLeaseConflictException(lease.NetworkId[..12], lease.Address.ToString());
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task DeleteSetupAsync(string containerId, CancellationToken cancellationToken) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM ip_leases WHERE container_id = @Id",
                new { Id = containerId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM network_setups WHERE container_id = @Id",
                new { Id = containerId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private sealed class NetworkRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string Driver { get; init; } = "";
        public string BridgeName { get; init; } = "";
        public string Subnet { get; init; } = "";
        public string Gateway { get; init; } = "";
        public long Internal { get; init; }
        public long DnsEnabled { get; init; }
        public string LabelsJson { get; init; } = "{}";
        public string Created { get; init; } = "";
    }
}
