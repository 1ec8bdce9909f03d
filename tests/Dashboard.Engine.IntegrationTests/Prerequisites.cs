namespace Dashboard.Engine.IntegrationTests;

/// <summary>
/// Real-container tests need root, runc, conmon, overlayfs and the static busybox. <see cref="Require"/> skips the test
/// on a laptop without them (the test is a [SkippableFact]) and fails it under CI=true (TestSupport/Prerequisites.cs).
/// </summary>
public static class Prerequisites
{
    public static bool InCi => TestSupport.Prerequisites.InCi;

    public static string? Missing() => TestSupport.Prerequisites.Containers();

    /// <summary>Call first: returns when the test can run; skips it outside CI; fails it under CI=true.</summary>
    public static void Require() => TestSupport.Prerequisites.Require(Missing(), "an integration");

    public static bool OnPath(string tool) => TestSupport.Prerequisites.Find(tool) is not null;
}
