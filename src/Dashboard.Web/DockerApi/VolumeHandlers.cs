using Dashboard.Engine.Volumes;
using Dashboard.Web.DockerApi.Models;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.DockerApi;

/// <summary>/volumes: list (filters name, label, dangling, driver), inspect, create (local driver, labels; driver options
/// refused by name), remove (409 while any container uses it, running or not; force only forgives a missing volume),
/// prune (unused anonymous volumes, or every unused one with all=true; label filters).</summary>
internal static class VolumeHandlers
{
    private static readonly HashSet<string> s_listFilters = new(StringComparer.Ordinal) { "name", "label", "dangling", "driver" };
    private static readonly HashSet<string> s_pruneFilters = new(StringComparer.Ordinal) { "label", "label!", "all" };

    /// <summary>The engine's volumes, or null when it has none (a host composed over fakes).</summary>
    private static VolumeService? Available(HttpContext context) => context.RequestServices.GetService<EngineHolder>()?.Current?.Volumes;

    public static VolumeService Volumes(HttpContext context) =>
        context.RequestServices.GetService<EngineHolder>()?.Current?.Volumes
        ?? throw new DockerApiException(StatusCodes.Status501NotImplemented, "volumes are not available: the engine was started without a volume store");

    public static Task ListAsync(HttpContext context)
    {
        var filters = DockerQuery.Filters(context.Request);
        foreach (var key in filters.Keys.Where(k => !s_listFilters.Contains(k)))
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}': volumes can be filtered by {string.Join(", ", s_listFilters)}");
        if (filters.TryGetValue("dangling", out var dangling) && dangling.Any(v => v is not ("true" or "false" or "1" or "0")))
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter 'dangling={string.Join(",", dangling)}': use true or false");
        // Without volumes there are none to list (and docker inspect NAME, which also asks /volumes, finds none).
        if (Available(context) is not { } volumes) return DockerJson.WriteAsync(context, new VolumeListResponse([], []));
        var list = volumes.List().Where(v => Matches(v, filters)).Select(v => Model(v, volumes)).ToList();
        return DockerJson.WriteAsync(context, new VolumeListResponse(list, []));
    }

    public static Task InspectAsync(HttpContext context)
    {
        var volumes = Available(context) ?? throw new VolumeNotFoundException(Name(context));
        return DockerJson.WriteAsync(context, Model(volumes.Get(Name(context)), volumes));
    }

    public static async Task CreateAsync(HttpContext context)
    {
        var body = await DockerJson.ReadAsync<VolumeCreateBody>(context) ?? new VolumeCreateBody();
        if (body.ClusterVolumeSpec is { ValueKind: not System.Text.Json.JsonValueKind.Null })
            throw new DockerApiException(StatusCodes.Status400BadRequest, "ClusterVolumeSpec (swarm cluster volumes) is not supported");
        var volumes = Volumes(context);
        var volume = await volumes.CreateAsync(new VolumeCreateRequest
        {
            Name = body.Name,
            Driver = body.Driver,
            Labels = body.Labels,
            Options = body.DriverOpts,
        }, CancellationToken.None);
        await DockerJson.WriteAsync(context, Model(volumes.Get(volume.Name), volumes), StatusCodes.Status201Created);
    }

    public static async Task RemoveAsync(HttpContext context)
    {
        await Volumes(context).RemoveAsync(Name(context), DockerQuery.Bool(context.Request, "force"), CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task PruneAsync(HttpContext context)
    {
        var filters = DockerQuery.Filters(context.Request);
        foreach (var key in filters.Keys.Where(k => !s_pruneFilters.Contains(k)))
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}': volume prune can be filtered by label, label! and all");
        // docker volume prune --all sends the filter all=true (API 1.42+).
        var all = filters.TryGetValue("all", out var allValues) && allValues.Any(v => v is "true" or "1");
        var result = await Volumes(context).PruneAsync(all, v => LabelsMatch(v.Labels, filters), CancellationToken.None);
        await DockerJson.WriteAsync(context, new VolumePruneResponse(result.Deleted, result.SpaceReclaimed));
    }

    private static string Name(HttpContext context) => (string?)context.Request.RouteValues["name"] ?? "";

    private static bool Matches(VolumeUsage usage, Dictionary<string, List<string>> filters)
    {
        bool Any(string key, Func<string, bool> test) => !filters.TryGetValue(key, out var values) || values.Count == 0 || values.Any(test);
        return Any("name", v => usage.Volume.Name.Contains(v, StringComparison.Ordinal))
            && Any("driver", v => v == usage.Volume.Driver)
            && Any("dangling", v => (v is "true" or "1") == (usage.Users.Count == 0))
            && LabelsMatch(usage.Volume.Labels, filters);
    }

    /// <summary>label=KEY or label=KEY=VALUE must all hold; label!=KEY[=VALUE] must all not.</summary>
    private static bool LabelsMatch(IReadOnlyDictionary<string, string> labels, Dictionary<string, List<string>> filters)
    {
        bool Has(string filter) =>
            filter.Split('=', 2) is var kv && labels.TryGetValue(kv[0], out var value) && (kv.Length == 1 || value == kv[1]);
        return (!filters.TryGetValue("label", out var wanted) || wanted.All(Has))
            && (!filters.TryGetValue("label!", out var unwanted) || !unwanted.Any(Has));
    }

    public static VolumeModel Model(VolumeUsage usage, VolumeService volumes) => new(
        Name: usage.Volume.Name,
        Driver: usage.Volume.Driver,
        Mountpoint: usage.Mountpoint,
        CreatedAt: usage.Volume.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        Labels: usage.Volume.Labels,
        Scope: "local",
        Options: usage.Volume.Options,
        UsageData: new VolumeUsageModel(volumes.CachedSize(usage.Volume.Name)?.Bytes ?? -1, usage.Users.Select(u => u.ContainerId).Distinct().Count()));
}
