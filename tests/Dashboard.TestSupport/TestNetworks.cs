namespace Dashboard.TestSupport;

/// <summary>
/// Network settings of a test daemon of its own: a bridge device name and a subnet pool no other test daemon on this
/// host uses (several run at once), so that two daemons never share a bridge or route the same subnet.
/// </summary>
public static class TestNetworks
{
    /// <summary>Engine__NetworkBridgeName ("dt" and 8 hex digits) and Engine__NetworkSubnetPool (a random /20 of
    /// 10.128.0.0/9: 2048 pools, far from the default 10.91.0.0/16 and from podman's and Docker's).</summary>
    public static IReadOnlyDictionary<string, string> DaemonEnvironment()
    {
        var pool = Random.Shared.Next(2048);
        return new Dictionary<string, string>
        {
            ["Engine__NetworkBridgeName"] = "dt" + Guid.NewGuid().ToString("N")[..8],
            ["Engine__NetworkSubnetPool"] = $"10.{128 + pool / 16}.{pool % 16 * 16}.0/20",
        };
    }
}
