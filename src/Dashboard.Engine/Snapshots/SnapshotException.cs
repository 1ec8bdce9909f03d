namespace Dashboard.Engine.Snapshots;

/// <summary>A mount or unmount of a container's root file system failed; carries the kernel's reason (maps to 500).</summary>
public sealed class SnapshotException(string message, Exception? inner = null) : EngineException(message, inner);
