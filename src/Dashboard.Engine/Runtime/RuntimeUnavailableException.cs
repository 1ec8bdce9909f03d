namespace Dashboard.Engine.Runtime;

/// <summary>
/// No usable OCI runtime or conmon on this host, or the configured one cannot work here. Raised at start-up with a
/// message saying what to install or which setting to change.
/// </summary>
public sealed class RuntimeUnavailableException(string message) : EngineException(message);
