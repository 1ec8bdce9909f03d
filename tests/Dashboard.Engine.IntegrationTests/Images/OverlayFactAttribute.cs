namespace Dashboard.Engine.IntegrationTests.Images;

/// <summary>A fact that needs root and overlayfs. Without them it is skipped, except under CI=true, where it runs
/// and fails loudly because a missing prerequisite is an error there.</summary>
public sealed class OverlayFactAttribute : FactAttribute
{
    public OverlayFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return;
        if (!Environment.IsPrivilegedProcess) Skip = "needs root (set CI=true to fail instead of skipping)";
        else if (!File.ReadAllText("/proc/filesystems").Contains("\toverlay\n")) Skip = "needs overlayfs (modprobe overlay)";
    }
}
