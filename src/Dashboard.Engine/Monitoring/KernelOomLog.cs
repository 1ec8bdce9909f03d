using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Monitoring;

/// <summary>The process the kernel's OOM killer chose, as its "oom-kill:" log record names it.</summary>
public sealed record OomVictim(string? MemoryCgroup, int Pid, string Command);

/// <summary>
/// Reads the kernel log (/dev/kmsg) from the moment it is opened, keeping the recent "oom-kill:" records, so an OOM
/// notification can name its victim: "oom-kill:constraint=CONSTRAINT_MEMCG,...,oom_memcg=/dashboard/ID,
/// task_memcg=/dashboard/ID,task=sh,pid=4242,uid=0". The kernel logs that record before it bumps the oom_kill
/// counter, so it is there by the time a notification fires. Optional: when /dev/kmsg cannot be opened (not root,
/// restricted container) every lookup returns null. Not thread-safe; <see cref="OomWatcher"/> uses it from its thread.
/// </summary>
public sealed unsafe class KernelOomLog : IDisposable
{
    public const string DefaultPath = "/dev/kmsg";
    private const int RecordBufferSize = 8192;
    private const int MaxKept = 64;
    private const int MaxRecordsPerDrain = 100_000;
    private const int SEEK_END = 2;
    private const int EAGAIN = 11;
    private const int EPIPE = 32;

    private readonly List<OomVictim> _recent = [];
    private int _fd;

    public KernelOomLog(string path = DefaultPath)
    {
        _fd = NotifyNative.open(path, NotifyNative.O_RDONLY | NotifyNative.O_CLOEXEC | NotifyNative.O_NONBLOCK);
        // Only records written from now on matter; for /dev/kmsg SEEK_END skips the existing ring buffer.
        if (_fd >= 0) NotifyNative.lseek(_fd, 0, SEEK_END);
    }

    public bool IsAvailable => _fd >= 0;

    /// <summary>The most recent unclaimed victim in the cgroup of <paramref name="containerId"/> (matched on the
    /// last path segment of task_memcg or oom_memcg), consumed by this call; null when none was logged.</summary>
    public OomVictim? TakeVictim(string containerId)
    {
        Drain();
        for (var i = _recent.Count - 1; i >= 0; i--)
        {
            var victim = _recent[i];
            if (victim.MemoryCgroup is { } cgroup && cgroup.EndsWith("/" + containerId, StringComparison.Ordinal))
            {
                _recent.RemoveAt(i);
                return victim;
            }
        }
        return null;
    }

    /// <summary>Parses one /dev/kmsg record ("PRIORITY,SEQ,USEC,FLAGS;MESSAGE"); null unless it is an oom-kill summary.</summary>
    public static OomVictim? ParseRecord(string record)
    {
        var start = record.IndexOf(';');
        var message = (start >= 0 ? record[(start + 1)..] : record).Split('\n')[0].Trim();
        if (!message.StartsWith("oom-kill:", StringComparison.Ordinal)) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in message["oom-kill:".Length..].Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0) fields[pair[..equals]] = pair[(equals + 1)..];
        }
        if (!fields.TryGetValue("pid", out var pidText) || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return null;
        var cgroup = fields.GetValueOrDefault("task_memcg") ?? fields.GetValueOrDefault("oom_memcg");
        return new OomVictim(cgroup, pid, fields.GetValueOrDefault("task") ?? "");
    }

    public void Dispose()
    {
        if (_fd >= 0) NotifyNative.close(_fd);
        _fd = -1;
    }

    private void Drain()
    {
        if (_fd < 0) return;
        var buffer = stackalloc byte[RecordBufferSize];
        for (var i = 0; i < MaxRecordsPerDrain; i++)
        {
            var read = NotifyNative.read(_fd, buffer, RecordBufferSize);
            if (read < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EPIPE) continue; // records were overwritten before we read them; carry on with the next
                if (errno != EAGAIN) Dispose();
                return;
            }
            if (read == 0) return;
            var victim = ParseRecord(Encoding.UTF8.GetString(buffer, (int)read));
            if (victim is null) continue;
            _recent.Add(victim);
            if (_recent.Count > MaxKept) _recent.RemoveAt(0);
        }
    }
}
