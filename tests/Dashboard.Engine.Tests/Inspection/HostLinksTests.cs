using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Network;

namespace Dashboard.Engine.Tests.Inspection;

/// <summary>A veth's host end found by index in a sysfs-shaped directory, with the bridge its master link names.</summary>
public sealed class HostLinksTests : IDisposable
{
    private readonly string _sys = Directory.CreateTempSubdirectory("hostlinks-").FullName;

    public void Dispose() => Directory.Delete(_sys, recursive: true);

    private void Device(string name, int index, string? master = null)
    {
        var dir = Path.Combine(_sys, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ifindex"), index + "\n");
        if (master is not null) File.CreateSymbolicLink(Path.Combine(dir, "master"), "../" + master);
    }

    [Fact]
    public void The_host_end_and_its_bridge_are_named()
    {
        Device("lo", 1);
        Device("dash0", 9);
        Device("veth4a1b2c3d", 17, master: "dash0");
        Device("veth00000000", 18);
        IReadOnlyList<NetInterface> inside =
        [
            new(1, "lo", "UNKNOWN", 65536, null, []),
            new(2, "eth0", "UP", 1500, null, []) { PeerIndex = 17 },
            new(3, "eth1", "UP", 1500, null, []) { PeerIndex = 18 },
            new(4, "eth2", "UP", 1500, null, []) { PeerIndex = 99 },
        ];

        var resolved = new HostLinks(_sys).Resolve(inside);

        Assert.Equal((null, null), (resolved[0].PeerName, resolved[0].PeerBridge));
        Assert.Equal(("veth4a1b2c3d", "dash0"), (resolved[1].PeerName, resolved[1].PeerBridge));
        Assert.Equal(("veth00000000", (string?)null), (resolved[2].PeerName, resolved[2].PeerBridge));
        Assert.Equal((null, null), (resolved[3].PeerName, resolved[3].PeerBridge)); // not the host's: left as it is
    }
}
