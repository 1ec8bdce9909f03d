using System.Globalization;

namespace Dashboard.TestSupport;

/// <summary>Whether a process has set a handler for a signal, or ignores it, read from /proc/PID/status (SigCgt,
/// SigIgn): tests wait for a shell's trap instead of sleeping "long enough for the trap".</summary>
public static class SignalDisposition
{
    /// <summary>True once <paramref name="pid"/> catches or ignores <paramref name="signal"/> (false when it is gone).</summary>
    public static bool IsTrapped(int pid, int signal)
    {
        try
        {
            ulong caught = 0, ignored = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("SigCgt:", StringComparison.Ordinal)) caught = Mask(line);
                else if (line.StartsWith("SigIgn:", StringComparison.Ordinal)) ignored = Mask(line);
            }
            var bit = 1UL << (signal - 1);
            return ((caught | ignored) & bit) != 0;
        }
        catch (IOException) { return false; }
    }

    /// <summary>Waits until <paramref name="pid"/> traps <paramref name="signal"/> (SIGTERM by default).</summary>
    public static Task TrappedAsync(int pid, int signal = 15) =>
        Eventually.TrueAsync(() => IsTrapped(pid, signal), $"process {pid} to trap signal {signal}");

    private static ulong Mask(string line) => ulong.Parse(line[(line.IndexOf(':') + 1)..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
