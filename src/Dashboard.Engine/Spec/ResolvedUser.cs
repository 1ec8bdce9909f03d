namespace Dashboard.Engine.Spec;

/// <summary>A user resolved to numeric ids, e.g. by <see cref="PasswdResolver"/> from the image's /etc/passwd and /etc/group.</summary>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids)
{
    public static readonly ResolvedUser Root = new(0, 0, []);
}
