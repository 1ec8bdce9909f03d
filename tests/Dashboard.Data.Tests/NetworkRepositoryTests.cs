using System.Net;
using Dashboard.Engine.Networking;

namespace Dashboard.Data.Tests;

/// <summary>Migration 0004 and the network repository: networks, setups and their leases.</summary>
public sealed class NetworkRepositoryTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static NetworkDefinition Network(string name, string subnet) => new()
    {
        Id = new string(name[0], 64),
        Name = name,
        BridgeName = "dn" + name,
        Subnet = IPNetwork.Parse(subnet),
        Gateway = Subnets.FirstHost(IPNetwork.Parse(subnet)),
        Internal = name == "back",
        DnsEnabled = true,
        Labels = new Dictionary<string, string> { ["team"] = "a" },
        Created = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000),
    };

    [Fact]
    public void Migration_0004_adds_the_network_tables_on_top_of_0003()
    {
        var database = _temp.OpenUnmigrated();
        Assert.Equal(3, database.Migrate(3));
        Assert.Equal(4, database.Migrate(4));
        Assert.Equal("networks", SchemaMigrator.Embedded[3].Name);
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE '%network%' OR name = 'ip_leases') ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        Assert.Equal(["ip_leases", "network_setups", "networks"], tables);
    }

    [Fact]
    public async Task Networks_round_trip_and_a_name_is_unique()
    {
        var repo = new NetworkRepository(_temp.Open());
        await repo.InsertNetworkAsync(Network("front", "10.91.0.0/24"), default);
        await repo.InsertNetworkAsync(Network("back", "10.91.1.0/24"), default);
        await Assert.ThrowsAsync<NetworkNameConflictException>(() => repo.InsertNetworkAsync(Network("front", "10.91.2.0/24") with { Id = new string('x', 64) }, default));
        var loaded = await repo.LoadNetworksAsync(default);
        Assert.Equal(["back", "front"], loaded.Select(n => n.Name).Order());
        var back = loaded.Single(n => n.Name == "back");
        Assert.Equal(IPNetwork.Parse("10.91.1.0/24"), back.Subnet);
        Assert.Equal(IPAddress.Parse("10.91.1.1"), back.Gateway);
        Assert.True(back.Internal);
        Assert.Equal("a", back.Labels["team"]);
        await repo.DeleteNetworkAsync(back.Id, default);
        Assert.Single(await repo.LoadNetworksAsync(default));
    }

    [Fact]
    public async Task A_setup_keeps_its_leases_and_one_address_is_leased_once_per_network()
    {
        var repo = new NetworkRepository(_temp.Open());
        var net = new string('n', 64);
        var first = new NetworkSetupRecord("c1", "{\"container_id\":\"c1\"}", [new IpLease(net, IPAddress.Parse("10.91.0.2"))]);
        await repo.SaveSetupAsync(first, default);
        await Assert.ThrowsAsync<IpLeaseConflictException>(() =>
            repo.SaveSetupAsync(new NetworkSetupRecord("c2", "{}", [new IpLease(net, IPAddress.Parse("10.91.0.2"))]), default));
        // The refused save left nothing of c2.
        var setups = await repo.LoadSetupsAsync(default);
        var only = Assert.Single(setups);
        Assert.Equal("c1", only.ContainerId);
        Assert.Equal("{\"container_id\":\"c1\"}", only.NetavarkJson);
        Assert.Equal([new IpLease(net, IPAddress.Parse("10.91.0.2"))], only.Leases);

        // Saving again replaces; deleting frees the address.
        await repo.SaveSetupAsync(first with { Leases = [new IpLease(net, IPAddress.Parse("10.91.0.3"))] }, default);
        await repo.SaveSetupAsync(new NetworkSetupRecord("c2", "{}", [new IpLease(net, IPAddress.Parse("10.91.0.2"))]), default);
        await repo.DeleteSetupAsync("c1", default);
        Assert.Equal(["c2"], (await repo.LoadSetupsAsync(default)).Select(s => s.ContainerId));
    }
}
