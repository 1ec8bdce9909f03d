namespace Dashboard.TestSupport;

/// <summary>
/// The "Category" trait, so the fast suite runs alone:
/// <c>dotnet test --filter "Category!=Root&amp;Category!=Browser&amp;Category!=Stress"</c>.
/// Put it on the class: <c>[Trait(TestCategory.Key, TestCategory.Root)]</c>.
/// </summary>
public static class TestCategory
{
    public const string Key = "Category";

    /// <summary>Needs root and the host's tools: real runc/conmon containers, the real daemon, mounts, cgroups.</summary>
    public const string Root = "Root";

    /// <summary>Drives Chromium through Playwright against the real daemon (needs root too).</summary>
    public const string Browser = "Browser";

    /// <summary>Runs for a long, set time on purpose (the lifecycle stress test).</summary>
    public const string Stress = "Stress";
}
