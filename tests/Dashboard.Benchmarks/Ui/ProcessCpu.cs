using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.Ui;

/// <summary>utime+stime of one process from /proc/PID/stat, as % of one core over a wall-clock window.</summary>
public sealed class ProcessCpu(int pid)
{
    // USER_HZ is 100 on every Linux ABI .NET runs on (getconf CLK_TCK); the script checks it.
    private const double TicksPerSecond = 100;

    public async Task<double> PercentOfOneCoreAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var c0 = Ticks();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        var c1 = Ticks();
        return 100 * (c1 - c0) / TicksPerSecond / clock.Elapsed.TotalSeconds;
    }

    private long Ticks()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Field 2 (comm) may hold spaces; count fields after its closing parenthesis. utime, stime = fields 14, 15.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
    }
}
