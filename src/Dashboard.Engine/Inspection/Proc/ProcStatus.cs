using System.Globalization;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>The fields of /proc/PID/status the inspector shows. Pids and uids are as the reader's namespaces see them
/// (the host's, for the daemon); <see cref="NsPids"/> lists the pid in each nested pid namespace, outermost first.</summary>
internal sealed record ProcStatus
{
    public string Name { get; init; } = "";
    /// <summary>"S (sleeping)".</summary>
    public string State { get; init; } = "";
    public int Pid { get; init; }
    public int ParentPid { get; init; }
    /// <summary>Effective uid (the second Uid field), which is what ps shows as USER.</summary>
    public long EffectiveUid { get; init; } = -1;
    public IReadOnlyList<int> NsPids { get; init; } = [];
    public long RssBytes { get; init; }
    public string CapEffHex { get; init; } = "";
    /// <summary>0 disabled, 1 strict, 2 filter; null on kernels without seccomp.</summary>
    public int? Seccomp { get; init; }
    public bool NoNewPrivileges { get; init; }

    /// <summary>Parses the "Key:\tvalue" lines; unknown or malformed lines are ignored.</summary>
    public static ProcStatus Parse(string content)
    {
        var status = new ProcStatus();
        foreach (var line in content.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            status = key switch
            {
                "Name" => status with { Name = value },
                "State" => status with { State = value },
                "Pid" => status with { Pid = Int(value) },
                "PPid" => status with { ParentPid = Int(value) },
                "Uid" => status with { EffectiveUid = Fields(value) is { Length: > 1 } uids ? Long(uids[1]) : -1 },
                "NSpid" => status with { NsPids = Fields(value).Select(Int).ToList() },
                "VmRSS" => status with { RssBytes = Kilobytes(value) },
                "CapEff" => status with { CapEffHex = value },
                "Seccomp" => status with { Seccomp = Int(value) },
                "NoNewPrivs" => status with { NoNewPrivileges = value == "1" },
                _ => status,
            };
        }
        // Kernels before 4.1 have no NSpid line: the pid as seen from here is all there is.
        if (status.NsPids.Count == 0 && status.Pid > 0) status = status with { NsPids = [status.Pid] };
        return status;
    }

    private static string[] Fields(string value) => value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>uids are unsigned 32-bit; -1 (never root) when unreadable.</summary>
    private static long Long(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    private static int Int(string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>"1748 kB" to bytes.</summary>
    private static long Kilobytes(string value) =>
        long.TryParse(Fields(value).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
}
