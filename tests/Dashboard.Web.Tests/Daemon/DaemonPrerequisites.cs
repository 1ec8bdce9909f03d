using Dashboard.TestSupport;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Tests against the real daemon need root, runc, conmon, overlayfs and busybox, and some the docker CLI binary.
/// <see cref="Require"/> skips the test when something is missing (it is a [SkippableFact]) and fails it under CI=true.</summary>
public static class DaemonPrerequisites
{
    public static bool InCi => Prerequisites.InCi;

    /// <summary>Call first: returns when the test can run; skips it outside CI; fails it under CI=true.</summary>
    public static void Require(bool needsDockerCli = false) => Prerequisites.Require(Missing(needsDockerCli), "a daemon");

    public static string? Missing(bool needsDockerCli = false) =>
        Prerequisites.Containers() ?? (needsDockerCli ? Prerequisites.Tool("docker") : null);

    public static string? Find(string tool) => Prerequisites.Find(tool);
}
