using System.Globalization;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>Capability numbers to names (linux/capability.h), for decoding the CapEff mask of /proc/PID/status.</summary>
internal static class Capabilities
{
    /// <summary>Index = capability number. Kernels newer than this table report higher bits as CAP_N.</summary>
    public static IReadOnlyList<string> Names => Spec.CapabilityNames.All;

    /// <summary>The names of the bits set in a hex mask such as "00000000a80425fb", lowest number first. An
    /// unparsable mask gives no names.</summary>
    public static IReadOnlyList<string> Decode(string hexMask)
    {
        if (!ulong.TryParse(hexMask.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask)) return [];
        var names = new List<string>();
        for (var bit = 0; bit < 64; bit++)
        {
            if ((mask & (1UL << bit)) == 0) continue;
            names.Add(bit < Names.Count ? Names[bit] : $"CAP_{bit}");
        }
        return names;
    }
}
