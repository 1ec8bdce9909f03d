using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Networking;

/// <summary>--network, EndpointsConfig and -p as the validator reads them (bad input is in ValidatorBadInputTests).</summary>
public sealed class NetworkRequestRulesTests
{
    private static readonly HostLimits s_host = new(CpuCount: 2, MemoryBytes: 4L << 30);

    private static ContainerConfig Validate(CreateContainerRequest request) =>
        ContainerRequestValidator.Validate(request with { Image = "busybox" }, s_host);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("default")]
    [InlineData("bridge")]
    public void No_network_named_joins_the_default_bridge_as_in_docker(string? mode)
    {
        var config = Validate(new CreateContainerRequest { NetworkMode = mode });
        Assert.True(config.NetworkMode.IsPrivate);
        Assert.Equal(["bridge"], config.Networks.Select(n => n.Name));
        Assert.Equal("bridge", NetworkMode.DockerName(config));
    }

    [Fact]
    public void None_host_and_container_modes_join_no_network()
    {
        Assert.Empty(Validate(new CreateContainerRequest { NetworkMode = "none" }).Networks);
        Assert.Equal("none", NetworkMode.DockerName(Validate(new CreateContainerRequest { NetworkMode = "none" })));
        Assert.Empty(Validate(new CreateContainerRequest { NetworkMode = "host" }).Networks);
        Assert.Empty(Validate(new CreateContainerRequest { NetworkMode = "container:db" }).Networks);
    }

    [Fact]
    public void A_user_network_with_endpoint_options_and_a_second_network()
    {
        var config = Validate(new CreateContainerRequest
        {
            NetworkMode = "front",
            Networks = [new NetworkAttachment("back"), new NetworkAttachment("front") { IPv4Address = " 10.92.0.9 ", Aliases = ["web"] }],
        });
        Assert.Equal(["front", "back"], config.Networks.Select(n => n.Name));
        Assert.Equal("10.92.0.9", config.Networks[0].IPv4Address);
        Assert.Equal(["web"], config.Networks[0].Aliases);
    }

    [Theory]
    [InlineData("80", "", 0, 80, "tcp")]
    [InlineData("8080:80", "", 8080, 80, "tcp")]
    [InlineData("8080:80/udp", "", 8080, 80, "udp")]
    [InlineData("127.0.0.1:8080:80", "127.0.0.1", 8080, 80, "tcp")]
    [InlineData("127.0.0.1::80/UDP", "127.0.0.1", 0, 80, "udp")]
    [InlineData("0.0.0.0:8080:80", "", 8080, 80, "tcp")]
    public void Publish_is_read_in_dockers_syntax(string text, string hostIp, int hostPort, int containerPort, string protocol)
    {
        var config = Validate(new CreateContainerRequest { Publish = [text] });
        Assert.Equal([new PortBinding(hostIp, hostPort, containerPort, protocol)], config.PortBindings);
    }

    [Fact]
    public void Expose_and_publish_all_are_recorded_with_the_published_ports_in_dockers_keys()
    {
        var config = Validate(new CreateContainerRequest { Expose = ["80", "53/UDP"], Publish = ["8080:81"], PublishAll = true });
        Assert.Equal(["80/tcp", "53/udp", "81/tcp"], config.ExposedPorts);
        Assert.True(config.PublishAllPorts);
    }

    [Theory]
    [InlineData("0", "the port must be a number from 1 to 65535")]
    [InlineData("70000", "the port must be a number from 1 to 65535")]
    [InlineData("80/sctp", "protocol sctp is not supported")]
    [InlineData("7000-7002", "port ranges are not supported")]
    public void A_bad_expose_is_refused_by_name(string text, string message)
    {
        var error = Assert.Throws<ValidationException>(() => Validate(new CreateContainerRequest { Expose = [text] }));
        Assert.Contains($"invalid --expose {text}: {message}", error.Message);
    }

    [Fact]
    public void Publish_all_without_a_network_is_refused()
    {
        var error = Assert.Throws<ValidationException>(() => Validate(new CreateContainerRequest { NetworkMode = "host", PublishAll = true }));
        Assert.Contains("-P needs a network of the engine's", error.Message);
    }
}
