namespace Dashboard.Engine.IntegrationTests.Runtime;

/// <summary>
/// A fact that needs root, runc, conmon and /bin/busybox. Skipped when they are missing, unless CI=true: then the
/// test runs and <see cref="RuntimePrerequisites.Require"/> fails it loudly, so CI never passes by skipping.
/// </summary>
public sealed class RuntimeFactAttribute : FactAttribute
{
    public RuntimeFactAttribute()
    {
        var missing = RuntimePrerequisites.Missing();
        if (missing is not null && !RuntimePrerequisites.IsCi) Skip = missing;
    }
}

public static class RuntimePrerequisites
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is missing, or null.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux";
        if (!Environment.IsPrivilegedProcess) return "needs root (runc creates namespaces and cgroups)";
        foreach (var binary in new[] { "runc", "conmon" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
                .Split(':').Any(dir => File.Exists(Path.Combine(dir, binary)));
            if (!found) return $"needs {binary} on PATH (apt-get install {binary})";
        }
        if (!File.Exists("/bin/busybox")) return "needs /bin/busybox (apt-get install busybox-static)";
        return null;
    }

    /// <summary>Call first in every runtime test: throws with what is missing (reached only when CI=true).</summary>
    public static void Require()
    {
        var missing = Missing();
        if (missing is not null) throw new InvalidOperationException($"CI=true but a runtime test prerequisite is missing: {missing}");
    }
}
