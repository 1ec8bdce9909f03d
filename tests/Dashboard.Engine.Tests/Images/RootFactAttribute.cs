namespace Dashboard.Engine.Tests.Images;

/// <summary>A fact that needs root (mknod, trusted.* xattrs, chown): skipped without root, but run (and failing
/// loudly) when CI=true, where a missing prerequisite is an error.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "needs root (set CI=true to fail instead of skipping)";
    }
}
