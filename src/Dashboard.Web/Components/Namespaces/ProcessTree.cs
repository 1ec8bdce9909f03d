namespace Dashboard.Web.Components.Namespaces;

/// <summary>A process with its depth in the container's process tree (0 for PID 1 and other roots).</summary>
public readonly record struct ProcessRow(Dashboard.Engine.Inspection.NamespaceProcess Process, int Depth);

/// <summary>
/// Orders the report's processes as a tree (parent, then its children by pid), so the table reads like ps -ef --forest.
/// Parents are matched on container pids; a process whose parent is outside the container (PID 1, or anything
/// entered with exec) is a root.
/// </summary>
public static class ProcessTree
{
    public static IReadOnlyList<ProcessRow> Order(IReadOnlyList<Dashboard.Engine.Inspection.NamespaceProcess> processes)
    {
        var byPid = processes.GroupBy(p => p.ContainerPid).ToDictionary(g => g.Key, g => g.First());
        var children = processes
            .Where(p => p.ContainerParentPid != p.ContainerPid && byPid.ContainsKey(p.ContainerParentPid))
            .ToLookup(p => p.ContainerParentPid);
        var roots = processes.Where(p => p.ContainerParentPid == p.ContainerPid || !byPid.ContainsKey(p.ContainerParentPid))
            .OrderBy(p => p.IsPid1 ? 0 : 1).ThenBy(p => p.ContainerPid);
        var rows = new List<ProcessRow>(processes.Count);
        var seen = new HashSet<int>();
        foreach (var root in roots) Visit(root, 0);
        // A parent loop (pids reused mid-read) leaves processes unvisited: list them rather than hide them.
        foreach (var rest in processes.Where(p => !seen.Contains(p.HostPid)).OrderBy(p => p.ContainerPid)) rows.Add(new(rest, 0));
        return rows;

        void Visit(Dashboard.Engine.Inspection.NamespaceProcess process, int depth)
        {
            if (!seen.Add(process.HostPid)) return;
            rows.Add(new(process, depth));
            foreach (var child in children[process.ContainerPid].OrderBy(c => c.ContainerPid)) Visit(child, depth + 1);
        }
    }
}
