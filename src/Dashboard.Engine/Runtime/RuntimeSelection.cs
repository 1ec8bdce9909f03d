using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// The OCI runtime and conmon the engine will use, decided once at start by <see cref="RuntimeLocator"/>.
/// <see cref="Rejected"/> says, per candidate that was tried and not chosen, why (for logs, /info and host checks).
/// </summary>
public sealed record RuntimeSelection(
    string Name,
    string Path,
    string Version,
    string ConmonPath,
    string ConmonVersion,
    CgroupLayout Cgroups,
    IReadOnlyList<string> Rejected);
