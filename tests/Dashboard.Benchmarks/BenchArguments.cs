using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>The command line tests/bench/start-latency.sh passes (see DASHBOARD_ENGINE_BENCH there).</summary>
public sealed record BenchArguments(int Iterations, int Warmup, string RootfsTar, string DataRoot, string RunRoot,
    string CgroupParent, bool Trace = false)
{
    public const string Usage = "usage: Dashboard.Benchmarks --iterations N --warmup W --rootfs-tar TAR "
        + "--data-root DIR --run-root DIR --cgroup-parent NAME [--trace]";

    /// <summary>Throws <see cref="ArgumentException"/> with a message naming the bad or missing option.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var trace = false;
        for (var i = 0; i < args.Count; i++)
        {
            var key = args[i];
            if (key == "--trace") { trace = true; continue; }
            if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"unexpected argument '{key}'");
            values[key[2..]] = args[++i];
        }
        string Required(string name) => values.TryGetValue(name, out var value) && value.Length > 0
            ? value : throw new ArgumentException($"missing --{name}");
        int Count(string name, int fallback, int min)
        {
            if (!values.TryGetValue(name, out var text)) return fallback;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"--{name} must be a whole number >= {min}, not '{text}'");
        }
        var tar = Required("rootfs-tar");
        if (!File.Exists(tar)) throw new ArgumentException($"--rootfs-tar {tar} does not exist");
        var cgroup = Required("cgroup-parent");
        if (cgroup.Contains('/') || cgroup.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException("--cgroup-parent must be one plain directory name");
        return new BenchArguments(Count("iterations", 30, 1), Count("warmup", 3, 0), tar,
            Path.GetFullPath(Required("data-root")), Path.GetFullPath(Required("run-root")), cgroup, trace);
    }
}
