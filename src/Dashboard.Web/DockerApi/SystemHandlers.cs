using System.Runtime.InteropServices;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Runtime;
using Dashboard.Web.DockerApi.Models;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.DockerApi;

/// <summary>/_ping, /version, /info.</summary>
internal static class SystemHandlers
{
    public static async Task PingAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["Swarm"] = "inactive";
        headers.CacheControl = "no-cache, no-store, must-revalidate";
        headers.Pragma = "no-cache";
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = 0;
            return;
        }
        // Exactly "OK": a trailing newline broke exact-match clients (podman#8097).
        await context.Response.WriteAsync("OK", context.RequestAborted);
    }

    public static Task VersionAsync(HttpContext context)
    {
        var options = Options(context);
        var host = Host(context);
        var runtime = context.RequestServices.GetRequiredService<IContainerRuntime>();
        var components = new List<ComponentModel>
        {
            new("Engine", options.ServerVersion, new Dictionary<string, string>
            {
                ["ApiVersion"] = DockerApiVersion.Current,
                ["MinAPIVersion"] = DockerApiVersion.Minimum,
                ["Os"] = "linux",
                ["Arch"] = GoArch(),
                ["KernelVersion"] = host.KernelVersion,
                ["Experimental"] = "false",
                ["GitCommit"] = "",
                ["GoVersion"] = RuntimeInformation.FrameworkDescription,
                ["BuildTime"] = "",
            }),
        };
        components.Add(new(runtime.Name, runtime.Version, new Dictionary<string, string> { ["GitCommit"] = "" }));
        components.Add(new("conmon", runtime.ConmonVersion, new Dictionary<string, string> { ["GitCommit"] = "" }));
        if (context.RequestServices.GetService<Hosting.EngineHolder>()?.Current?.Networks?.Tools is { } tools)
        {
            components.Add(new("netavark", tools.NetavarkVersion, new Dictionary<string, string> { ["Path"] = tools.NetavarkPath }));
            components.Add(new("aardvark-dns", tools.AardvarkVersion, new Dictionary<string, string> { ["Path"] = tools.AardvarkPath }));
        }
        return DockerJson.WriteAsync(context, new VersionResponse(
            Platform: new PlatformModel("Dashboard Engine"),
            Components: components,
            Version: options.ServerVersion,
            ApiVersion: DockerApiVersion.Current,
            MinAPIVersion: DockerApiVersion.Minimum,
            GitCommit: "",
            GoVersion: RuntimeInformation.FrameworkDescription,
            Os: "linux",
            Arch: GoArch(),
            KernelVersion: host.KernelVersion,
            BuildTime: "",
            Experimental: false));
    }

    public static Task InfoAsync(HttpContext context)
    {
        var options = Options(context);
        var host = Host(context);
        var engine = context.RequestServices.GetRequiredService<IContainerEngine>();
        var images = context.RequestServices.GetRequiredService<IImageService>();
        var runtime = context.RequestServices.GetRequiredService<IContainerRuntime>();
        var containers = engine.List();
        var runtimeName = runtime.Name;
        return DockerJson.WriteAsync(context, new InfoResponse
        {
            ID = options.DaemonId,
            Containers = containers.Count,
            ContainersRunning = containers.Count(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Restarting),
            ContainersPaused = containers.Count(c => c.State.Status == ContainerStatus.Paused),
            ContainersStopped = containers.Count(c => !c.State.Status.IsAlive() && c.State.Status != ContainerStatus.Restarting),
            Images = images.List().Count,
            Plugins = new { Volume = Array.Empty<string>(), Network = new[] { "host", "none" }, Authorization = (string[]?)null, Log = new[] { "k8s-file" } },
            SystemTime = DockerTime.Rfc3339Nano(DateTimeOffset.Now),
            CgroupVersion = StatsMapper.HostIsCgroupV2(context, options) ? "2" : "1",
            KernelVersion = host.KernelVersion,
            OperatingSystem = host.OperatingSystem,
            Architecture = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => "x86_64",
                Architecture.Arm64 => "aarch64",
                var other => other.ToString().ToLowerInvariant(),
            },
            NCPU = host.CpuCount,
            MemTotal = host.MemoryBytes,
            DockerRootDir = context.RequestServices.GetRequiredService<EngineOptions>().DataRoot,
            Name = host.Hostname,
            ServerVersion = options.ServerVersion,
            Runtimes = new Dictionary<string, RuntimeModel> { [runtimeName] = new(runtime.Path) },
            DefaultRuntime = runtimeName,
        });
    }

    private static string GoArch() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static DockerApiOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<DockerApiOptions>>().Value;

    private static HostInfo Host(HttpContext context) => context.RequestServices.GetRequiredService<HostInfo>();
}
