namespace Dashboard.Engine.Configuration;

/// <summary>Facts about the host that validation and /info need. Read once at start; a record so tests can fake it.</summary>
public sealed record HostInfo(int CpuCount, long MemoryBytes, string KernelVersion, string OperatingSystem, string Hostname)
{
    public static HostInfo Read()
    {
        long memory = 0;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var kb = line["MemTotal:".Length..].Trim().Split(' ')[0];
            memory = long.Parse(kb) * 1024;
            break;
        }
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var os = "Linux";
        if (File.Exists("/etc/os-release"))
        {
            foreach (var line in File.ReadLines("/etc/os-release"))
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    os = line["PRETTY_NAME=".Length..].Trim('"');
        }
        return new HostInfo(Environment.ProcessorCount, memory, kernel, os, Environment.MachineName);
    }
}
