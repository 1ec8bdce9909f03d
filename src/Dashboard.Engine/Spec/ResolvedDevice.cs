namespace Dashboard.Engine.Spec;

/// <summary>A device node to create in a container: where, its kind ("c" or "b") and numbers, the host node's mode
/// and owner, and the cgroup access to allow ("rwm").</summary>
public sealed record ResolvedDevice(string Path, string Type, long Major, long Minor, uint FileMode, uint Uid, uint Gid, string Permissions);
