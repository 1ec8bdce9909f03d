using System.Diagnostics;
using System.Globalization;
using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Stats;

namespace Dashboard.Benchmarks;

/// <summary>
/// `sampler-cost` mode (tests/bench/stats-oom.sh): opens the sampler's own <see cref="CgroupStatsReader"/> for every
/// container cgroup below a cgroup parent (the containers are the daemon's) and times reading + parsing one sample
/// of each, many times over. Writes the paths it opened so that tests/bench/sampler-floor.c reads the same files.
/// Prints "us_per_container_sample bytes_allocated_per_container_sample containers files" on stdout.
/// </summary>
public static class SamplerCostBench
{
    public static int Run(IReadOnlyList<string> args)
    {
        string? parent = null, pathsOut = null;
        var iterations = 2000;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--cgroup-parent": parent = args[i + 1]; break;
                case "--paths-out": pathsOut = args[i + 1]; break;
                case "--iterations": iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }
        if (parent is null) throw new ArgumentException("missing --cgroup-parent");
        var layout = CgroupLayout.Detect();
        var parentDir = Path.GetDirectoryName(new ContainerCgroup(layout, $"/{parent}/x", parent).MemoryDir!)!;
        var readers = new List<CgroupStatsReader>();
        try
        {
            foreach (var dir in Directory.GetDirectories(parentDir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(dir);
                var pid = FirstPid(Path.Combine(dir, "cgroup.procs"));
                readers.Add(new CgroupStatsReader(name, new ContainerCgroup(layout, $"/{parent}/{name}", parent), "/proc", pid));
            }
            if (readers.Count == 0) throw new ArgumentException($"no container cgroups below {parentDir}");
            if (pathsOut is not null)
            {
                using var w = new StreamWriter(pathsOut);
                for (var c = 0; c < readers.Count; c++)
                    foreach (var p in readers[c].OpenPaths) w.WriteLine($"{c}\t{p}");
            }
            var previous = new ContainerStats?[readers.Count];
            void Pass()
            {
                var now = DateTimeOffset.UtcNow;
                for (var c = 0; c < readers.Count; c++) previous[c] = readers[c].Read(now, 1_000_000, 2, previous[c]);
            }
            for (var i = 0; i < Math.Max(20, iterations / 10); i++) Pass(); // JIT tiering + page cache
            var bytes0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) Pass();
            var elapsed = Stopwatch.GetElapsedTime(t0);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
            var samples = (double)iterations * readers.Count;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{elapsed.TotalMicroseconds / samples:F3} {bytes / samples:F0} {readers.Count} {readers.Sum(r => r.OpenFiles)}"));
            return 0;
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }

    private static int? FirstPid(string procs)
    {
        try
        {
            foreach (var line in File.ReadLines(procs))
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return pid;
        }
        catch (IOException) { }
        return null;
    }
}
