namespace Dashboard.Engine.Spec.Oci;

/// <summary>
/// The capabilities a container gets, by moby's TweakCapabilities: every one the kernel has when privileged or with
/// --cap-add ALL (minus --cap-drop); only --cap-add with --cap-drop ALL; otherwise Docker's default 14 minus
/// --cap-drop plus --cap-add.
/// </summary>
internal static class CapabilitySet
{
    public static IReadOnlyList<string> For(ContainerSecurity security, IReadOnlyList<string> hostCapabilities)
    {
        if (security.Privileged) return hostCapabilities;
        var add = security.CapAdd;
        var drop = security.CapDrop;
        if (add.Count == 0 && drop.Count == 0) return LinuxDefaults.Capabilities;
        if (add.Contains("ALL")) return hostCapabilities.Where(c => !drop.Contains(c)).ToArray();
        if (drop.Contains("ALL")) return add.ToArray();
        var caps = LinuxDefaults.Capabilities.Where(c => !drop.Contains(c)).ToList();
        foreach (var c in add)
            if (!caps.Contains(c)) caps.Add(c);
        return caps;
    }
}
