using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Network;

/// <summary>Ties socket inodes to the processes holding them, through the "socket:[INODE]" links in /proc/PID/fd.</summary>
internal static class SocketOwners
{
    /// <summary>Socket inode to the first of <paramref name="pids"/> (in the order given) that has it open.
    /// Processes or descriptors that vanish while being read are skipped.</summary>
    public static IReadOnlyDictionary<ulong, int> Read(string procRoot, IEnumerable<int> pids)
    {
        var owners = new Dictionary<ulong, int>();
        foreach (var pid in pids)
        {
            var fdDir = Path.Combine(ProcFs.PidDir(procRoot, pid), "fd");
            foreach (var fd in ProcFs.NumericEntries(fdDir))
            {
                var link = ProcFs.TryReadLink(Path.Combine(fdDir, fd.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (ProcFs.ParseBracketedInode(link, "socket") is { } inode) owners.TryAdd(inode, pid);
            }
        }
        return owners;
    }
}
