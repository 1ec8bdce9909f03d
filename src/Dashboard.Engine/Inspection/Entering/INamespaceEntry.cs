namespace Dashboard.Engine.Inspection.Entering;

/// <summary>
/// Runs a synchronous read inside another process's uts, ipc or net namespace. The real implementation is
/// <see cref="NamespaceThread"/>; tests substitute one that runs the read in place against fixture files.
/// </summary>
internal interface INamespaceEntry
{
    /// <param name="pid">A process in the target namespace (host pid).</param>
    /// <param name="type"><see cref="NamespaceType.Uts"/>, <see cref="NamespaceType.Ipc"/> or <see cref="NamespaceType.Net"/>.</param>
    /// <param name="read">Runs on the thread that is in the namespace; must not await or hand work to other threads.</param>
    Task<T> RunAsync<T>(int pid, string type, Func<T> read);
}
