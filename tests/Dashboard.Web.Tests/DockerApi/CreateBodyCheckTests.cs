using System.Text.Json.Nodes;
using Dashboard.Web.DockerApi;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>Every field of a create body that the engine does not implement is refused by name unless it is at its
/// default; the docker CLI's own defaults pass.</summary>
public sealed class CreateBodyCheckTests
{
    /// <summary>The body docker CLI 28.2.2 sends for `docker create busybox echo hi` (captured from the CLI).</summary>
    public const string CliDefaultBody = """
        {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,
         "OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["echo","hi"],"Image":"busybox","Volumes":{},"WorkingDir":"",
         "Entrypoint":null,"OnBuild":null,"Labels":{},
         "HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default",
           "PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"",
           "VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],
           "DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"",
           "Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"",
           "ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,
           "BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],
           "BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"",
           "CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,
           "MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,
           "IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},
         "NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"",
           "DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,
           "IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
        """;

    private static JsonObject Body(Action<JsonObject>? change = null)
    {
        var body = JsonNode.Parse(CliDefaultBody)!.AsObject();
        change?.Invoke(body);
        return body;
    }

    private static JsonObject Host(JsonObject body) => body["HostConfig"]!.AsObject();

    [Fact]
    public void The_docker_clis_default_body_asks_for_nothing_unsupported() => Assert.Empty(CreateBodyCheck.Refusals(Body()));

    [Fact]
    public void Stdin_fields_are_implemented() =>
        Assert.Empty(CreateBodyCheck.Refusals(Body(b =>
        {
            b["OpenStdin"] = true;
            b["StdinOnce"] = true;
            b["AttachStdin"] = true;
        })));

    [Fact]
    public void A_minimal_body_as_docker_dotnet_or_curl_send_it_passes() =>
        Assert.Empty(CreateBodyCheck.Refusals(JsonNode.Parse("""{"Image":"busybox","HostConfig":{"Memory":0}}""")!.AsObject()));

    public static TheoryData<string, string, string> ConfigFields => new()
    {
        { "Domainname", "\"example.org\"", "Domainname (--domainname) is not supported" },
        { "Healthcheck", "{\"Test\":[\"CMD\",\"true\"]}", "Healthcheck (--health-cmd and the other --health-* flags) is not supported" },
        { "MacAddress", "\"02:42:ac:11:00:02\"", "MacAddress (--mac-address) is not supported" },
        { "NetworkDisabled", "true", "NetworkDisabled ((API only)) is not supported" },
        { "Shell", "[\"/bin/bash\"]", "Shell ((API only)) is not supported: it is only used by image builds" },
        { "OnBuild", "[\"RUN true\"]", "OnBuild ((API only)) is not supported" },
        { "ArgsEscaped", "true", "ArgsEscaped ((API only)) is not supported: it only applies to Windows containers" },
        { "SomethingNew", "1", "SomethingNew is not supported by this daemon" },
    };

    [Theory]
    [MemberData(nameof(ConfigFields))]
    public void A_config_field_with_a_value_is_refused_by_name_and_flag(string field, string json, string message)
    {
        var refusal = Assert.Single(CreateBodyCheck.Refusals(Body(b => b[field] = JsonNode.Parse(json))));
        Assert.Contains(message, refusal);
    }

    public static TheoryData<string, string, string> HostConfigFields => new()
    {
        { "VolumeDriver", "\"nfs\"", "HostConfig.VolumeDriver (--volume-driver)" },
        { "VolumesFrom", "[\"web\"]", "HostConfig.VolumesFrom (--volumes-from)" },
        { "Annotations", "{\"a\":\"b\"}", "HostConfig.Annotations (--annotation)" },
        { "CgroupnsMode", "\"host\"", "HostConfig.CgroupnsMode (--cgroupns)" },
        { "Dns", "[\"1.1.1.1\"]", "HostConfig.Dns (--dns)" },
        { "DnsOptions", "[\"ndots:2\"]", "HostConfig.DnsOptions (--dns-option)" },
        { "DnsSearch", "[\"example.org\"]", "HostConfig.DnsSearch (--dns-search)" },
        { "ExtraHosts", "[\"db:10.0.0.2\"]", "HostConfig.ExtraHosts (--add-host)" },
        { "Cgroup", "\"container:web\"", "HostConfig.Cgroup ((API only))" },
        { "Links", "[\"web:web\"]", "HostConfig.Links (--link)" },
        { "StorageOpt", "{\"size\":\"1G\"}", "HostConfig.StorageOpt (--storage-opt)" },
        { "UsernsMode", "\"private\"", "HostConfig.UsernsMode (--userns)" },
        { "Runtime", "\"runc\"", "HostConfig.Runtime (--runtime)" },
        { "Isolation", "\"hyperv\"", "HostConfig.Isolation (--isolation)" },
        { "CgroupParent", "\"mine\"", "HostConfig.CgroupParent (--cgroup-parent)" },
        { "BlkioWeightDevice", "[{\"Path\":\"/dev/sda\",\"Weight\":10}]", "HostConfig.BlkioWeightDevice (--blkio-weight-device)" },
        { "BlkioDeviceReadBps", "[{\"Path\":\"/dev/sda\",\"Rate\":1}]", "HostConfig.BlkioDeviceReadBps (--device-read-bps)" },
        { "BlkioDeviceWriteBps", "[{\"Path\":\"/dev/sda\",\"Rate\":1}]", "HostConfig.BlkioDeviceWriteBps (--device-write-bps)" },
        { "BlkioDeviceReadIOps", "[{\"Path\":\"/dev/sda\",\"Rate\":1}]", "HostConfig.BlkioDeviceReadIOps (--device-read-iops)" },
        { "BlkioDeviceWriteIOps", "[{\"Path\":\"/dev/sda\",\"Rate\":1}]", "HostConfig.BlkioDeviceWriteIOps (--device-write-iops)" },
        { "CpuRealtimePeriod", "1000", "HostConfig.CpuRealtimePeriod (--cpu-rt-period)" },
        { "CpuRealtimeRuntime", "1000", "HostConfig.CpuRealtimeRuntime (--cpu-rt-runtime)" },
        { "DeviceCgroupRules", "[\"c 1:3 rwm\"]", "HostConfig.DeviceCgroupRules (--device-cgroup-rule)" },
        { "DeviceRequests", "[{\"Count\":-1}]", "HostConfig.DeviceRequests (--gpus)" },
        { "KernelMemory", "1000000", "HostConfig.KernelMemory (--kernel-memory)" },
        { "KernelMemoryTCP", "1000000", "HostConfig.KernelMemoryTCP ((API only))" },
        { "MemoryReservation", "1000000", "HostConfig.MemoryReservation (--memory-reservation)" },
        { "MemorySwappiness", "60", "HostConfig.MemorySwappiness (--memory-swappiness)" },
        { "OomKillDisable", "true", "HostConfig.OomKillDisable (--oom-kill-disable)" },
        { "CpuCount", "2", "HostConfig.CpuCount (--cpu-count)" },
        { "CpuPercent", "50", "HostConfig.CpuPercent (--cpu-percent)" },
        { "IOMaximumIOps", "10", "HostConfig.IOMaximumIOps (--io-maxiops)" },
        { "IOMaximumBandwidth", "10", "HostConfig.IOMaximumBandwidth (--io-maxbandwidth)" },
        { "MaskedPaths", "[]", "HostConfig.MaskedPaths (--security-opt systempaths=unconfined)" },
        { "ReadonlyPaths", "[\"/proc/sys\"]", "HostConfig.ReadonlyPaths (--security-opt systempaths=unconfined)" },
        { "SomethingNew", "\"x\"", "HostConfig.SomethingNew is not supported by this daemon" },
    };

    [Theory]
    [MemberData(nameof(HostConfigFields))]
    public void A_host_config_field_with_a_value_is_refused_by_name_and_flag(string field, string json, string message)
    {
        // MaskedPaths: [] is a request here (Docker reads it as "mask nothing"), unlike the other empty lists.
        var refusals = CreateBodyCheck.Refusals(Body(b => Host(b)[field] = JsonNode.Parse(json)));
        Assert.Contains(message, Assert.Single(refusals));
    }

    [Theory]
    [InlineData("CgroupnsMode", "\"private\"")]
    [InlineData("UsernsMode", "\"host\"")]
    [InlineData("Isolation", "\"default\"")]
    [InlineData("MemorySwappiness", "null")]
    [InlineData("ContainerIDFile", "\"/tmp/cid\"")] // the docker CLI writes the file itself
    [InlineData("ConsoleSize", "[24,80]")]
    public void Values_that_are_what_a_container_here_has_anyway_pass(string field, string json) =>
        Assert.Empty(CreateBodyCheck.Refusals(Body(b => Host(b)[field] = JsonNode.Parse(json))));

    [Fact]
    public void No_healthcheck_is_what_a_container_here_has_anyway() =>
        Assert.Empty(CreateBodyCheck.Refusals(Body(b => b["Healthcheck"] = JsonNode.Parse("{\"Test\":[\"NONE\"]}"))));

    [Fact]
    public void Ip_and_aliases_on_any_network_are_accepted_and_other_endpoint_settings_refused()
    {
        Assert.Empty(CreateBodyCheck.Refusals(Body(b => b["NetworkingConfig"]!["EndpointsConfig"]!["default"]!["Aliases"] = new JsonArray("db"))));
        Assert.Empty(CreateBodyCheck.Refusals(Body(b => b["NetworkingConfig"]!["EndpointsConfig"]!["backend"] =
            JsonNode.Parse("""{"IPAMConfig":{"IPv4Address":"10.92.0.5"},"Aliases":["api"]}"""))));

        var mac = Assert.Single(CreateBodyCheck.Refusals(Body(b => b["NetworkingConfig"]!["EndpointsConfig"]!["default"]!["MacAddress"] = "02:42:ac:11:00:02")));
        Assert.Contains("NetworkingConfig.EndpointsConfig.default.MacAddress (--mac-address) is not supported", mac);
        var ip6 = Assert.Single(CreateBodyCheck.Refusals(Body(b => b["NetworkingConfig"]!["EndpointsConfig"]!["default"]!["IPAMConfig"] =
            JsonNode.Parse("""{"IPv6Address":"fd00::5"}"""))));
        Assert.Contains("IPAMConfig.IPv6Address (--ip6) is not supported: this engine's networks are IPv4 only", ip6);

        // docker run --network host sends its endpoint under "host".
        Assert.Empty(CreateBodyCheck.Refusals(JsonNode.Parse("""{"Image":"b","HostConfig":{"NetworkMode":"host"},"NetworkingConfig":{"EndpointsConfig":{"host":{"Aliases":null}}}}""")!.AsObject()));
    }

    [Fact]
    public void Published_ports_a_port_only_exposed_and_publish_all_are_accepted()
    {
        Assert.Empty(CreateBodyCheck.Refusals(Body(b =>
        {
            b["ExposedPorts"] = JsonNode.Parse("""{"80/tcp":{},"81/udp":{}}""");
            Host(b)["PortBindings"] = JsonNode.Parse("""{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}""");
            Host(b)["PublishAllPorts"] = true;
        })));
    }

    [Fact]
    public void Every_refused_field_is_reported_at_once()
    {
        var refusals = CreateBodyCheck.Refusals(Body(b =>
        {
            Host(b)["ExtraHosts"] = new JsonArray("db:10.0.0.2");
            Host(b)["Dns"] = new JsonArray("1.1.1.1");
            b["Domainname"] = "example.org";
        }));
        Assert.Equal(3, refusals.Count);
        // Each reason is said once, after the fields it explains.
        var message = CreateBodyCheck.Message(refusals);
        Assert.StartsWith("Domainname (--domainname) is not supported: the container's NIS domain name cannot be set yet", message);
        Assert.Contains("HostConfig.ExtraHosts (--add-host) is not supported: extra /etc/hosts entries cannot be added yet", message);
        Assert.Contains("HostConfig.Dns (--dns) is not supported: DNS settings of a container cannot be set yet", message);
    }
}
