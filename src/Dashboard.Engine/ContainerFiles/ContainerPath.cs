namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// A path inside a container as a client gives it, cleaned as Docker cleans it (filepath.Join("/", path): "." and ".."
/// are resolved lexically before any symlink, and ".." stops at "/"), keeping what a trailing "/" or "/." says: the
/// directory itself, following a final symlink, and for "/." its contents rather than the directory.
/// </summary>
internal sealed record ContainerPath(IReadOnlyList<string> Components, bool TrailingSlash, bool TrailingDot)
{
    /// <exception cref="ValidationException">Field "path": empty, or containing a NUL byte.</exception>
    public static ContainerPath Parse(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) throw new ValidationException("path", "Path cannot be empty");
        if (raw.Contains('\0')) throw new ValidationException("path", "path contains a NUL byte");
        var components = new List<string>();
        foreach (var part in raw.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (components.Count > 0) components.RemoveAt(components.Count - 1);
                continue;
            }
            components.Add(part);
        }
        var trimmed = raw.TrimEnd('/');
        var dot = trimmed == "." || trimmed.EndsWith("/.", StringComparison.Ordinal);
        // "/" and "." name the root, which needs no suffix (Docker's PreserveTrailingDotOrSeparator adds none to "/").
        if (components.Count == 0) return new ContainerPath(components, false, false);
        return new ContainerPath(components, !dot && raw.EndsWith('/'), dot);
    }

    /// <summary>Relative to the container's root, for openat2 with RESOLVE_IN_ROOT: "a/b", or "." for the root.</summary>
    public string Relative => Components.Count == 0 ? "." : string.Join('/', Components);

    /// <summary>"/a/b", "/a/b/" or "/a/b/.": what errors and the stat's name are about.</summary>
    public string Absolute => "/" + string.Join('/', Components) + (TrailingDot ? "/." : TrailingSlash ? "/" : "");

    public bool IsRoot => Components.Count == 0;

    /// <summary>A trailing "/" or "/." resolves a final symlink, as the kernel does for "link/".</summary>
    public bool FollowsFinalSymlink => TrailingSlash || TrailingDot;

    /// <summary>Docker's filepath.Base of the path: the last name, "." for a path ending in "/.", "/" for the root. The
    /// stat's name and the name an archive's top entry gets.</summary>
    public string BaseName => TrailingDot ? "." : IsRoot ? "/" : Components[^1];

    /// <summary>The parent directory's components (the root's parent is the root).</summary>
    public string ParentRelative => Components.Count <= 1 ? "." : string.Join('/', Components.Take(Components.Count - 1));
}
