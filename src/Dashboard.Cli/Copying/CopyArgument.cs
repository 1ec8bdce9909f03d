namespace Dashboard.Cli.Copying;

/// <summary>One side of `dashctl cp`: CONTAINER:PATH, a local path, or "-" (a tar on stdin or stdout). Split as docker
/// splits it: an absolute path, or one whose part before the first ':' starts with '.', is local.</summary>
public sealed record CopyArgument(string? Container, string Path)
{
    public bool IsContainer => Container is not null;
    public bool IsStream => Container is null && Path == "-";

    public static CopyArgument Parse(string argument)
    {
        if (argument.StartsWith('/')) return new(null, argument);
        var colon = argument.IndexOf(':');
        if (colon < 0 || argument[..colon].StartsWith('.')) return new(null, argument);
        return new(argument[..colon], argument[(colon + 1)..]);
    }

    /// <summary>The last name of a path ("a/b/" gives "b"; "/" gives "/").</summary>
    public static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return "/";
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>The directory holding a container path, lexically ("/a/b" gives "/a", "b" gives "/").</summary>
    public static string ParentOf(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash <= 0 ? "/" : trimmed[..slash];
    }

    /// <summary>"dir/." (or "dir/./"): the directory's contents rather than the directory.</summary>
    public static bool MeansContents(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed == "." || trimmed.EndsWith("/.", StringComparison.Ordinal);
    }
}
