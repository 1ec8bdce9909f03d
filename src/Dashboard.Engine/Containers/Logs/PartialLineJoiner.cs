using System.Buffers;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// Joins what conmon split: it writes a line in pieces, partial (P) records followed by a full (F) one, whenever the
/// line crosses its 8 KiB read buffer or the process paused mid-line. Consecutive pieces of one stream become one
/// entry with the time of the first piece. A piece is passed on alone when the other stream comes in between, when
/// the joined line would pass <see cref="MaxJoinedBytes"/> (memory stays bounded), or when <see cref="Flush"/> is
/// called: at the end of a read, and when a follower has waited a poll interval for the rest (so a prompt without a
/// newline shows).
/// </summary>
internal sealed class PartialLineJoiner : IDisposable
{
    public const int MaxJoinedBytes = 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _pending = new();
    private DateTimeOffset _time;
    private LogStream _stream;
    private bool _hasPending;

    /// <summary>Takes one record; returns up to two entries to pass on, in order (the second is null when one).</summary>
    public (LogEntry? First, LogEntry? Second) Add(LogEntry record, bool partial)
    {
        LogEntry? passed = null;
        if (_hasPending && (record.Stream != _stream || _pending.WrittenCount + record.Content.Length > MaxJoinedBytes))
            passed = Flush();
        if (!_hasPending && !partial) return (passed, record);
        if (!_hasPending)
        {
            _time = record.Time;
            _stream = record.Stream;
            _hasPending = true;
        }
        _pending.Write(record.Content);
        return partial ? (passed, null) : (passed, Flush());
    }

    public bool HasPending => _hasPending;

    /// <summary>What is pending, as one entry (without a newline when the line is unfinished); null when nothing is.</summary>
    public LogEntry? Flush()
    {
        if (!_hasPending) return null;
        var entry = new LogEntry(_time, _stream, _pending.WrittenSpan.ToArray());
        _pending.ResetWrittenCount();
        _hasPending = false;
        return entry;
    }

    public void Dispose() => _pending.Clear();
}
