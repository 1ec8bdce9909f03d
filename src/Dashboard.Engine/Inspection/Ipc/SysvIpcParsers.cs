using System.Globalization;

namespace Dashboard.Engine.Inspection.Ipc;

/// <summary>
/// Parsers for /proc/sysvipc/{shm,sem,msg}. Those files show the IPC namespace of the thread that opens them, so
/// the inspector reads them on a thread that has entered the container's IPC namespace. Each has a header line and
/// whitespace-separated columns; malformed lines are skipped.
/// </summary>
internal static class SysvIpcParsers
{
    /// <summary>"key shmid perms size cpid lpid nattch uid gid ...".</summary>
    public static IReadOnlyList<SharedMemorySegment> SharedMemory(string? content) =>
        Rows(content, 8, f => new SharedMemorySegment(Long(f[0]), Int(f[1]), Perms(f[2]), Long(f[3]), Int(f[6]), Int(f[7])));

    /// <summary>"key semid perms nsems uid gid ...".</summary>
    public static IReadOnlyList<SemaphoreSet> Semaphores(string? content) =>
        Rows(content, 5, f => new SemaphoreSet(Long(f[0]), Int(f[1]), Perms(f[2]), Int(f[3]), Int(f[4])));

    /// <summary>"key msqid perms cbytes qnum lspid lrpid uid gid ...".</summary>
    public static IReadOnlyList<MessageQueue> MessageQueues(string? content) =>
        Rows(content, 8, f => new MessageQueue(Long(f[0]), Int(f[1]), Perms(f[2]), Long(f[3]), Long(f[4]), Int(f[7])));

    private static List<T> Rows<T>(string? content, int minimumFields, Func<string[], T> map) =>
        (content ?? "").Split('\n').Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= minimumFields && f.Take(minimumFields).All(IsNumber))
            .Select(map)
            .ToList();

    private static bool IsNumber(string s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>The kernel prints the mode in octal ("%4o"); shown as four octal digits like ipcs does ("0600").</summary>
    private static string Perms(string octal) => octal.TrimStart().PadLeft(4, '0');

    private static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
