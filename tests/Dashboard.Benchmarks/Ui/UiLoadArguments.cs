using System.Globalization;

namespace Dashboard.Benchmarks.Ui;

/// <summary>The command line tests/bench/ui-load.sh passes to the `ui-load` mode.</summary>
public sealed record UiLoadArguments(Uri SetupLink, int DaemonPid, int ExpectedRows, string DetailName, int Loads,
    int CpuSeconds, int SettleSeconds, string Chromium)
{
    public const string Usage = "usage: Dashboard.Benchmarks ui-load --setup-link URL --daemon-pid PID --rows N "
        + "--detail NAME [--loads 5] [--cpu-seconds 60] [--settle-seconds 5] [--chromium /usr/bin/chromium]";

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad or missing option.</summary>
    public static UiLoadArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"unexpected argument '{args[i]}'\n{Usage}");
            values[args[i][2..]] = args[++i];
        }
        string Required(string name) => values.TryGetValue(name, out var v) && v.Length > 0
            ? v : throw new ArgumentException($"missing --{name}\n{Usage}");
        int Number(string name, int? fallback, int min)
        {
            if (!values.TryGetValue(name, out var text))
                return fallback ?? throw new ArgumentException($"missing --{name}\n{Usage}");
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"--{name} must be a whole number >= {min}, not '{text}'");
        }
        if (!Uri.TryCreate(Required("setup-link"), UriKind.Absolute, out var link))
            throw new ArgumentException("--setup-link must be an absolute URL (the one the daemon printed)");
        var pid = Number("daemon-pid", null, 1);
        if (!File.Exists($"/proc/{pid}/stat")) throw new ArgumentException($"--daemon-pid {pid}: no such process");
        var chromium = values.GetValueOrDefault("chromium", "/usr/bin/chromium");
        if (!File.Exists(chromium)) throw new ArgumentException($"--chromium {chromium} does not exist");
        return new UiLoadArguments(link, pid, Number("rows", null, 0), Required("detail"), Number("loads", 5, 1),
            Number("cpu-seconds", 60, 1), Number("settle-seconds", 5, 0), chromium);
    }
}
