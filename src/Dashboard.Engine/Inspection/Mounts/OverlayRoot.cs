using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Inspection.Mounts;

/// <summary>Breaks an overlay mount's options into its layers: lowerdirs (top first, as overlay lists them) with the
/// image layer digest of each, then the container's upperdir and workdir.</summary>
internal static class OverlayRoot
{
    /// <param name="superOptions">The overlay's options from mountinfo: "lowerdir=A:B,upperdir=U,workdir=W,..." (mount(2)
    /// data) or, for mounts made with the new mount API, one "lowerdir+=A" per layer.</param>
    /// <param name="layerDigests">Layer directory to diff id; a lowerdir that is a symlink (the engine's short links
    /// for long layer lists) is looked up by its target too.</param>
    public static OverlayRootView Parse(string superOptions, IReadOnlyDictionary<string, string> layerDigests)
    {
        var lowers = new List<string>();
        string upper = "", work = "";
        foreach (var option in superOptions.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=');
            if (eq < 0) continue;
            var (key, value) = (option[..eq], option[(eq + 1)..]);
            switch (key)
            {
                case "lowerdir": lowers.AddRange(value.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(MountInfo.Unescape)); break;
                case "lowerdir+": lowers.Add(MountInfo.Unescape(value)); break;
                case "upperdir": upper = MountInfo.Unescape(value); break;
                case "workdir": work = MountInfo.Unescape(value); break;
            }
        }
        var layers = lowers.Select(dir =>
        {
            var resolved = ResolveLink(dir);
            return new OverlayLayer(resolved, layerDigests.GetValueOrDefault(Normalize(resolved)));
        }).ToList();
        return new OverlayRootView(layers, upper, work);
    }

    public static string Normalize(string path) => Path.TrimEndingDirectorySeparator(path);

    private static string ResolveLink(string dir)
    {
        try
        {
            return new FileInfo(Normalize(dir)).LinkTarget is { } target
                ? Path.GetFullPath(target, Path.GetDirectoryName(Normalize(dir)) ?? "/")
                : dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return dir;
        }
    }
}
