using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Web.DockerApi;
using Dashboard.Web.DockerApi.Models;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>The pure pieces: Go time formats, moby's status strings, query parsing, create-body mapping.</summary>
public sealed class DockerApiUnitTests
{
    [Theory]
    [InlineData(0.4, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(5, "5 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(150, "2 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(3 * 3600, "3 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Human_durations_match_go_units(double seconds, string expected) =>
        Assert.Equal(expected, DockerTime.HumanDuration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(61.9, "00:01:01")]
    [InlineData(3 * 3600 + 5, "03:00:05")]
    [InlineData(2 * 86400 + 3600, "2-01:00:00")]
    public void Top_cpu_time_reads_like_ps(double seconds, string expected) =>
        Assert.Equal(expected, Dashboard.Contracts.Namespaces.PsColumns.CpuTime(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Top_start_time_is_the_clock_today_and_the_day_before()
    {
        var now = new DateTimeOffset(2026, 11, 28, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal("09:05", Dashboard.Contracts.Namespaces.PsColumns.StartTime(now.AddHours(-6).AddMinutes(-25), now));
        Assert.Equal("Nov27", Dashboard.Contracts.Namespaces.PsColumns.StartTime(now.AddDays(-1), now));
    }

    [Fact]
    public void Status_strings_match_moby()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal("Created", DockerTime.StatusText(new ContainerState(), now));
        Assert.Equal("Up 5 seconds", DockerTime.StatusText(new ContainerState { Status = ContainerStatus.Running, StartedAt = now.AddSeconds(-5) }, now));
        Assert.Equal("Up 2 minutes (Paused)", DockerTime.StatusText(new ContainerState { Status = ContainerStatus.Paused, StartedAt = now.AddMinutes(-2) }, now));
        Assert.Equal("Exited (0) 3 seconds ago", DockerTime.StatusText(new ContainerState
        {
            Status = ContainerStatus.Exited, ExitCode = 0, StartedAt = now.AddSeconds(-10), FinishedAt = now.AddSeconds(-3),
        }, now));
        Assert.Equal("Dead", DockerTime.StatusText(new ContainerState { Status = ContainerStatus.Dead }, now));
    }

    [Fact]
    public void Times_are_formatted_like_go()
    {
        var t = new DateTimeOffset(2026, 11, 28, 5, 4, 3, TimeSpan.Zero).AddTicks(1_234_500);
        Assert.Equal("2026-11-28T05:04:03.12345Z", DockerTime.Rfc3339Nano(t));
        Assert.Equal("2026-11-28T05:04:03Z", DockerTime.Rfc3339Nano(new DateTimeOffset(2026, 11, 28, 5, 4, 3, TimeSpan.Zero)));
        Assert.Equal("0001-01-01T00:00:00Z", DockerTime.Rfc3339Nano(null));
        Assert.Equal("2026-11-28T05:04:03.123450000Z", DockerTime.LogTimestamp(t));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("none", false)]
    [InlineData("", false)]
    public void Booleans_parse_like_moby(string value, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?all=" + value);
        Assert.Equal(expected, DockerQuery.Bool(context.Request, "all"));
    }

    [Theory]
    [InlineData("""{"name":{"web":true}}""")]
    [InlineData("""{"name":["web"]}""")]
    public void Filters_accept_both_wire_forms(string json)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = QueryString.Create("filters", json);
        Assert.Equal(["web"], DockerQuery.Filters(context.Request)["name"]);
    }

    [Fact]
    public void Unix_times_take_fractions_and_zero_means_unset()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?since=1795839414.5&until=0");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795839414).AddMilliseconds(500), DockerQuery.UnixTime(context.Request, "since"));
        Assert.Null(DockerQuery.UnixTime(context.Request, "until"));
    }

    [Theory]
    [InlineData(null, null)]   // not given: the engine's default (Engine:DefaultPidsLimit)
    [InlineData(0L, null)]     // what the docker CLI sends without --pids-limit: the default too
    [InlineData(-1L, -1L)]     // --pids-limit -1: unlimited
    [InlineData(-5L, -1L)]
    [InlineData(50L, 50L)]
    public void Pids_limit_zero_is_not_given_and_negative_is_unlimited(long? docker, long? expected) =>
        Assert.Equal(expected, CreateRequestMapper.Map(new CreateContainerBody { Image = "x", HostConfig = new HostConfigBody { PidsLimit = docker } }, null).PidsLimit);

    [Fact]
    public void Create_body_maps_docker_zeros_to_unset_and_numbers_to_strings()
    {
        var request = CreateRequestMapper.Map(new CreateContainerBody
        {
            Image = "busybox",
            Name = "/fromBody",
            Entrypoint = [""],
            WorkingDir = "",
            HostConfig = new HostConfigBody
            {
                Memory = 209715200, MemorySwap = -1, NanoCpus = 1_500_000_000, CpuShares = 0, NetworkMode = "default",
                RestartPolicy = new RestartPolicyBody { Name = "on-failure", MaximumRetryCount = 2 }, CpusetCpus = "",
            },
        }, null);
        Assert.Equal("fromBody", request.Name);
        Assert.Equal("209715200", request.Memory);
        Assert.Equal("-1", request.MemorySwap);
        Assert.Equal("1.5", request.Cpus);
        Assert.Null(request.CpuShares);
        Assert.Null(request.NetworkMode);
        Assert.Null(request.WorkingDir);
        Assert.Null(request.CpusetCpus);
        Assert.Equal("on-failure:2", request.RestartPolicy);
        Assert.Equal([], request.Entrypoint!);

        var plain = CreateRequestMapper.Map(new CreateContainerBody { Image = "busybox", HostConfig = new HostConfigBody { RestartPolicy = new RestartPolicyBody { Name = "" } } }, "q");
        Assert.Equal("q", plain.Name);
        Assert.Null(plain.RestartPolicy);
        Assert.Null(plain.Memory);
        Assert.Null(plain.Cpus);
        Assert.Null(plain.Entrypoint);
    }

    [Fact]
    public void Namespace_modes_pass_through_and_the_clis_empty_strings_mean_unset()
    {
        var shared = CreateRequestMapper.Map(new CreateContainerBody
        {
            Image = "busybox",
            HostConfig = new HostConfigBody { NetworkMode = "container:web", PidMode = "host", IpcMode = "container:web", UTSMode = "host" },
        }, null);
        Assert.Equal(("container:web", "host", "container:web", "host"), (shared.NetworkMode, shared.PidMode, shared.IpcMode, shared.UtsMode));

        // What docker run sends without --pid, --ipc or --uts.
        var plain = CreateRequestMapper.Map(new CreateContainerBody
        {
            Image = "busybox", HostConfig = new HostConfigBody { NetworkMode = "default", PidMode = "", IpcMode = "", UTSMode = "" },
        }, null);
        Assert.Equal((null, null, null, null), (plain.NetworkMode, plain.PidMode, plain.IpcMode, plain.UtsMode));
    }

    [Fact]
    public void Inspect_and_ps_report_namespace_modes_in_dockers_words()
    {
        var target = new string('b', 64);
        ContainerRecord Record(ContainerConfig config) => new()
        {
            Id = new string('a', 64), Name = "side", ImageId = "sha256:" + new string('c', 64), Created = DateTimeOffset.UtcNow, Config = config,
        };
        var shared = Record(new ContainerConfig
        {
            Image = "busybox", NetworkMode = NamespaceMode.Container(target), PidMode = NamespaceMode.Host,
            IpcMode = NamespaceMode.Container(target), UtsMode = NamespaceMode.Host,
        });
        var hc = ContainerMapper.Inspect(shared, null).HostConfig;
        Assert.Equal(("container:" + target, "host", "container:" + target, "host"), (hc.NetworkMode, hc.PidMode, hc.IpcMode, hc.UTSMode));
        Assert.Equal("container:" + target, ContainerMapper.Summary(shared, null, DateTimeOffset.UtcNow).HostConfig.NetworkMode);
        Assert.Equal(Environment.MachineName, ContainerMapper.Inspect(shared, null).Config.Hostname);

        var plain = ContainerMapper.Inspect(Record(new ContainerConfig { Image = "busybox" }), null).HostConfig;
        Assert.Equal(("none", "", "private", ""), (plain.NetworkMode, plain.PidMode, plain.IpcMode, plain.UTSMode));
    }

    [Fact]
    public void Api_version_checks_use_moby_words()
    {
        Assert.Null(DockerApiVersion.Check("1.44"));
        Assert.Null(DockerApiVersion.Check("1.24"));
        Assert.Equal("client version 1.45 is too new. Maximum supported API version is 1.44", DockerApiVersion.Check("1.45"));
        Assert.StartsWith("client version 1.23 is too old.", DockerApiVersion.Check("1.23"));
    }
}
