using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Tests.Daemon.Stress;

/// <summary>
/// Everything one daemon has on the host, read from each source on its own: the API's container list, the SQLite
/// rows, live conmon processes, the cgroup directories under its cgroup parent in every hierarchy, the mounts under
/// its data root, and its bundle, runtime-state and exit-file directories. <see cref="Disagreements"/> lists every
/// way they fail to describe the same set of containers.
/// </summary>
internal sealed record DaemonFootprint(
    IReadOnlyDictionary<string, string> ApiStates,
    IReadOnlyDictionary<string, string> RowStates,
    IReadOnlySet<string> Conmons,
    IReadOnlyDictionary<string, IReadOnlySet<string>> CgroupsByHierarchy,
    IReadOnlyList<string> Mounts,
    IReadOnlySet<string> BundleDirectories,
    IReadOnlySet<string> RuntimeStates,
    IReadOnlySet<string> ExitFiles)
{
    public IReadOnlySet<string> Alive =>
        ApiStates.Where(c => c.Value is "running" or "paused").Select(c => c.Key).ToHashSet();

    public static async Task<DaemonFootprint> ReadAsync(DaemonProcess d)
    {
        var api = new Dictionary<string, string>();
        foreach (var c in (await d.GetJsonAsync("/containers/json?all=1")).EnumerateArray())
            api[c.GetProperty("Id").GetString()!] = c.GetProperty("State").GetString()!;
        return new DaemonFootprint(api, ReadRows(d.DataRoot), ReadConmons(d.RunRoot), ReadCgroups(d.CgroupParent),
            ReadMounts(d.DataRoot), Names(Path.Combine(d.DataRoot, "containers")), Names(Path.Combine(d.RunRoot, "runtime")),
            Names(Path.Combine(d.RunRoot, "exits")));
    }

    /// <summary>Empty when every source agrees with the API: one row per container with the same status; a conmon,
    /// a runtime state, a cgroup in every hierarchy and a mounted rootfs for each running or paused one and for no
    /// other; a bundle directory for each container and no other; no exit file left unprocessed.</summary>
    public IReadOnlyList<string> Disagreements()
    {
        var problems = new List<string>();
        var ids = ApiStates.Keys.ToHashSet();
        var alive = Alive;
        Compare(problems, "SQLite rows", RowStates.Keys.ToHashSet(), ids);
        foreach (var (id, status) in RowStates)
            if (ApiStates.TryGetValue(id, out var shown) && !string.Equals(shown, status, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{Short(id)}: the API says {shown}, its row says {status}");
        Compare(problems, "conmon processes", Conmons, alive);
        Compare(problems, "runtime states", RuntimeStates, alive);
        Compare(problems, "bundle directories", BundleDirectories, ids);
        foreach (var (hierarchy, children) in CgroupsByHierarchy) Compare(problems, $"cgroups in {hierarchy}", children, alive);
        if (alive.Count > 0 && !CgroupsByHierarchy.Keys.Any(h => h.Contains("memory", StringComparison.Ordinal)))
            problems.Add("no cgroup of a running container in the memory hierarchy");
        var rootfs = new HashSet<string>();
        foreach (var mount in Mounts)
        {
            var parts = mount.Split('/');
            var known = parts.Length == 2 && parts[1] is "rootfs" or "shm" && alive.Contains(parts[0]);
            if (!known) problems.Add($"mount {mount} belongs to no running container");
            else if (parts[1] == "rootfs") rootfs.Add(parts[0]);
        }
        Compare(problems, "mounted rootfs", rootfs, alive);
        if (ExitFiles.Count > 0) problems.Add($"exit files not processed: {string.Join(", ", ExitFiles.Select(Short))}");
        return problems;
    }

    private static void Compare(List<string> problems, string what, IReadOnlySet<string> actual, IReadOnlySet<string> expected)
    {
        var extra = actual.Except(expected).ToList();
        var missing = expected.Except(actual).ToList();
        if (extra.Count > 0) problems.Add($"{what} with no such container in the API: {string.Join(", ", extra.Select(Short))}");
        if (missing.Count > 0) problems.Add($"{what} missing for: {string.Join(", ", missing.Select(Short))}");
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static Dictionary<string, string> ReadRows(string dataRoot)
    {
        var rows = new Dictionary<string, string>();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataRoot, "dashboard.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, status FROM containers";
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows[reader.GetString(0)] = reader.GetString(1);
        return rows;
    }

    /// <summary>The container ids (-c) of the conmon processes whose exit directory is under this run root.</summary>
    private static HashSet<string> ReadConmons(string runRoot)
    {
        var exitDir = Path.Combine(runRoot, "exits");
        var ids = new HashSet<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out _)) continue;
            string[] argv;
            try { argv = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0'); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (argv.Length < 2 || !argv[0].EndsWith("conmon", StringComparison.Ordinal)) continue;
            var exit = Array.IndexOf(argv, "--exit-dir");
            var cid = Array.IndexOf(argv, "-c");
            if (exit < 0 || cid < 0 || exit + 1 >= argv.Length || argv[exit + 1] != exitDir) continue;
            ids.Add(argv[cid + 1]);
        }
        return ids;
    }

    /// <summary>The children of the cgroup parent in each hierarchy (v1 controllers and the unified one) where the
    /// parent exists. Symlinked names of a co-mounted hierarchy (cpu -> cpu,cpuacct) are read once.</summary>
    private static Dictionary<string, IReadOnlySet<string>> ReadCgroups(string parent)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            if (new DirectoryInfo(hierarchy).LinkTarget is not null) continue;
            var dir = Path.Combine(hierarchy, parent);
            if (Directory.Exists(dir)) result[Path.GetFileName(hierarchy)] = Names(dir, directoriesOnly: true);
        }
        if (Directory.Exists(Path.Combine("/sys/fs/cgroup", parent)) && File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            result["(v2)"] = Names(Path.Combine("/sys/fs/cgroup", parent), directoriesOnly: true);
        return result;
    }

    /// <summary>Mount points under the data root, relative to DataRoot/containers ("ID/rootfs"), or absolute when
    /// elsewhere under the data root.</summary>
    private static List<string> ReadMounts(string dataRoot)
    {
        var containers = Path.Combine(dataRoot, "containers") + "/";
        var mounts = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var point = line.Split(' ')[4];
            if (point.StartsWith(containers, StringComparison.Ordinal)) mounts.Add(point[containers.Length..]);
            else if (point.StartsWith(dataRoot + "/", StringComparison.Ordinal)) mounts.Add(point);
        }
        return mounts;
    }

    private static HashSet<string> Names(string dir, bool directoriesOnly = false)
    {
        if (!Directory.Exists(dir)) return [];
        var entries = directoriesOnly ? Directory.EnumerateDirectories(dir) : Directory.EnumerateFileSystemEntries(dir);
        return entries.Select(Path.GetFileName).Where(n => n is not null).Select(n => n!).ToHashSet();
    }

    public override string ToString() =>
        string.Join("\n", ApiStates.Select(c => $"  {Short(c.Key)} {c.Value}"));
}
