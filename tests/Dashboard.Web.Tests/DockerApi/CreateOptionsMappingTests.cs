using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Web.DockerApi;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>The security, mount and process options of a Docker create body to the engine's request, and back out in
/// inspect as Docker reports them.</summary>
public sealed class CreateOptionsMappingTests
{
    private static readonly HostLimits s_host = new(2, 4L << 30)
    {
        InitPath = "/usr/bin/tini-static", BlkioWeightSupported = true, DefaultPidsLimit = 4096,
        HardRlimits = new Dictionary<string, ulong?> { ["nofile"] = 20_000 },
    };

    private static CreateContainerBody Body() => new()
    {
        Image = "busybox",
        HostConfig = new HostConfigBody
        {
            CapAdd = ["CAP_NET_ADMIN"],
            CapDrop = ["ALL"],
            ReadonlyRootfs = true,
            SecurityOpt = ["no-new-privileges"],
            Ulimits = [new UlimitBody { Name = "nofile", Soft = 64, Hard = 128 }],
            Tmpfs = new Dictionary<string, string> { ["/run"] = "size=64m", ["/a"] = "" },
            Mounts =
            [
                new MountBody { Type = "bind", Source = "/srv/a,b", Target = "/data", ReadOnly = true, BindOptions = new BindOptionsBody { Propagation = "rslave" } },
                new MountBody { Type = "tmpfs", Target = "/t", TmpfsOptions = new TmpfsOptionsBody { SizeBytes = 1 << 20, Mode = 1016 } },
            ],
            Devices = [new DeviceMappingBody { PathOnHost = "/dev/zero", PathInContainer = "/dev/myzero", CgroupPermissions = "rwm" }, new DeviceMappingBody { PathOnHost = "/dev/null" }],
            Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
            ShmSize = 128L << 20,
            GroupAdd = ["10"],
            Init = true,
            OomScoreAdj = 100,
            CpusetMems = "0",
            BlkioWeight = 300,
        },
    };

    [Fact]
    public void Each_option_reaches_the_request_in_the_clis_form()
    {
        var request = CreateRequestMapper.Map(Body(), null);
        Assert.Equal(["CAP_NET_ADMIN"], request.CapAdd);
        Assert.Equal(["ALL"], request.CapDrop);
        Assert.True(request.ReadonlyRootfs);
        Assert.Equal(["no-new-privileges"], request.SecurityOpt);
        Assert.Equal(["nofile=64:128"], request.Ulimits);
        Assert.Equal(["/a", "/run:size=64m"], request.Tmpfs);
        Assert.Equal(["type=bind,\"source=/srv/a,b\",target=/data,readonly,bind-propagation=rslave", "type=tmpfs,target=/t,tmpfs-size=1048576,tmpfs-mode=1770"], request.Mounts);
        Assert.Equal(["/dev/zero:/dev/myzero:rwm", "/dev/null:/dev/null:rwm"], request.Devices);
        Assert.Equal("1", request.Sysctls["net.ipv4.ip_forward"]);
        Assert.Equal("134217728", request.ShmSize);
        Assert.Equal(["10"], request.GroupAdd);
        Assert.True(request.Init);
        Assert.Equal(100, request.OomScoreAdj);
        Assert.Equal("0", request.CpusetMems);
        Assert.Equal(300, request.BlkioWeight);
    }

    [Fact]
    public void Inspect_reports_what_was_asked_in_dockers_shapes()
    {
        var config = ContainerRequestValidator.Validate(CreateRequestMapper.Map(Body(), null), s_host);
        var record = new ContainerRecord { Id = new string('a', 64), Name = "opts", ImageId = "sha256:" + new string('c', 64), Created = DateTimeOffset.UtcNow, Config = config };
        var inspect = ContainerMapper.Inspect(record, null);
        var hc = inspect.HostConfig;
        Assert.Equal(["CAP_NET_ADMIN"], hc.CapAdd);
        Assert.Equal(["ALL"], hc.CapDrop);
        Assert.True(hc.ReadonlyRootfs);
        Assert.False(hc.Privileged);
        Assert.Equal(["no-new-privileges"], hc.SecurityOpt);
        Assert.Equal([new UlimitModel("nofile", 128, 64)], hc.Ulimits);
        Assert.Equal("size=64m", hc.Tmpfs!["/run"]);
        Assert.Equal(new HostMountModel("bind", "/srv/a,b", "/data", true, new BindOptionsModel("rslave", false, false), null), hc.Mounts![0]);
        Assert.Equal(new HostMountModel("tmpfs", null, "/t", false, null, new TmpfsOptionsModel(1 << 20, 1016)), hc.Mounts[1]);
        Assert.Equal(new DeviceMappingModel("/dev/zero", "/dev/myzero", "rwm"), hc.Devices![0]);
        Assert.Equal("1", hc.Sysctls!["net.ipv4.ip_forward"]);
        Assert.Equal(128L << 20, hc.ShmSize);
        Assert.Equal(["10"], hc.GroupAdd);
        Assert.True(hc.Init);
        Assert.Equal(100, hc.OomScoreAdj);
        Assert.Equal("0", hc.CpusetMems);
        Assert.Equal(300, hc.BlkioWeight);
        Assert.Equal(4096, hc.PidsLimit); // the engine's default, shown as the container's limit
        Assert.Contains(inspect.Mounts, m => m.Type == "tmpfs" && m.Destination == "/t");
        Assert.Contains(inspect.Mounts, m => m.Type == "bind" && m.Destination == "/data" && !m.RW && m.Propagation == "rslave");
    }

    [Fact]
    public void A_plain_container_reports_dockers_defaults()
    {
        var config = ContainerRequestValidator.Validate(new CreateContainerRequest { Image = "busybox" }, new HostLimits(2, 1L << 30));
        var hc = ContainerMapper.Inspect(new ContainerRecord { Id = new string('a', 64), Name = "p", ImageId = "x", Created = DateTimeOffset.UtcNow, Config = config }, null).HostConfig;
        Assert.Null(hc.CapAdd);
        Assert.Null(hc.SecurityOpt);
        Assert.Null(hc.Init);
        Assert.Equal(64L << 20, hc.ShmSize);
        Assert.Empty(hc.Ulimits!);
        Assert.Empty(hc.Devices!);
        Assert.Null(hc.Mounts);
    }

    [Fact]
    public void Tmpfs_options_of_a_mount_object_that_the_engine_cannot_express_are_refused()
    {
        var body = new CreateContainerBody
        {
            Image = "busybox",
            HostConfig = new HostConfigBody { Mounts = [new MountBody { Type = "tmpfs", Target = "/t", TmpfsOptions = new TmpfsOptionsBody { Options = [["exec"]] } }] },
        };
        var ex = Assert.Throws<DockerApiException>(() => CreateRequestMapper.Map(body, null));
        Assert.Contains("HostConfig.Mounts[0].TmpfsOptions.Options is not supported yet", ex.Message);
    }
}
