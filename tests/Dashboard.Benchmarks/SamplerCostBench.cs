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
        var breakdown = false;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--cgroup-parent": parent = args[i + 1]; break;
                case "--paths-out": pathsOut = args[i + 1]; break;
                case "--breakdown": breakdown = args[i + 1] == "1"; break;
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
            // Warm up for 1.5 s at least: tiered JIT promotes hot methods only after a 100 ms quiet delay and
            // compiles tier 1 in the background, so short runs would time tier-0 code.
            var warm = Stopwatch.GetTimestamp();
            for (var i = 0; i < 20 || Stopwatch.GetElapsedTime(warm).TotalSeconds < 1.5; i++) Pass();
            var bytes0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) Pass();
            var elapsed = Stopwatch.GetElapsedTime(t0);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
            var samples = (double)iterations * readers.Count;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{elapsed.TotalMicroseconds / samples:F3} {bytes / samples:F0} {readers.Count} {readers.Sum(r => r.OpenFiles)}"));
            if (breakdown) Breakdown(readers, iterations);
            return 0;
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }

    // Where the time goes: the reads alone (pread into the reused buffer, no parsing), per file name, in ns per read,
    // then the whole read+parse per container for comparison. To stderr.
    private static void Breakdown(List<CgroupStatsReader> readers, int iterations)
    {
        var perName = new Dictionary<string, (long Ticks, long Reads)>(StringComparer.Ordinal);
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
            foreach (var reader in readers)
                foreach (var file in reader.Files)
                {
                    var a = Stopwatch.GetTimestamp();
                    file.Read();
                    var b = Stopwatch.GetTimestamp();
                    var key = Path.GetFileName(file.Path);
                    perName.TryGetValue(key, out var v);
                    perName[key] = (v.Ticks + b - a, v.Reads + 1);
                }
        var readsOnly = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / ((double)iterations * readers.Count);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"breakdown: reads alone {readsOnly:F2} µs/container/sample (incl. per-read timing overhead); ns per read:"));
        foreach (var (name, (ticks, reads)) in perName.OrderByDescending(p => p.Value.Ticks))
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-45} {ticks * 1e9 / Stopwatch.Frequency / reads,8:F0}"));

        // StatsFile.Read (one 512-byte buffer per file) against RandomAccess.Read on other handles to the same files
        // into one shared buffer, alternated: shows what per-file buffers cost in cache misses.
        var files = readers.SelectMany(r => r.Files).ToArray();
        var handles = files.Select(f => File.OpenHandle(f.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)).ToArray();
        var buffer = new byte[16384];
        try
        {
            var direct = new List<double>();
            var managed = new List<double>();
            for (var round = 0; round < 5; round++)
            {
                var a = Stopwatch.GetTimestamp();
                for (var i = 0; i < iterations; i++)
                    foreach (var f in files) f.Read();
                var b = Stopwatch.GetTimestamp();
                for (var i = 0; i < iterations; i++)
                    foreach (var h in handles) RandomAccess.Read(h, buffer, 0);
                var c = Stopwatch.GetTimestamp();
                direct.Add((b - a) * 1e9 / Stopwatch.Frequency / ((double)iterations * files.Length));
                managed.Add((c - b) * 1e9 / Stopwatch.Frequency / ((double)iterations * files.Length));
            }
            direct.Sort();
            managed.Sort();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reads alone, median of 5, ns per file: StatsFile.Read {direct[2]:F0}, RandomAccess.Read into one shared buffer {managed[2]:F0}"));
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
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
