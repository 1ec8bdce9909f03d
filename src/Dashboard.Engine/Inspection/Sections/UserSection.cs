using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Sections;

/// <summary>The user namespace's id maps and the privileges of the container's init, from /proc/PID.</summary>
internal static class UserSection
{
    public static UserView Read(ProcStatus init, IReadOnlyList<IdMapRange> uidMap, IReadOnlyList<IdMapRange> gidMap) => new(
        uidMap,
        gidMap,
        init.CapEffHex,
        Capabilities.Decode(init.CapEffHex),
        init.Seccomp switch
        {
            0 => "disabled",
            1 => "strict",
            2 => "filter",
            _ => "unknown",
        },
        init.NoNewPrivileges);
}
