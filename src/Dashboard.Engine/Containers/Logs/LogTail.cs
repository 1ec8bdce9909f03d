namespace Dashboard.Engine.Containers.Logs;

/// <summary>Where in a log a read starts: for a tail, before the last N lines that pass the filter; for Since, at the
/// first file whose last record is not older. Both read backwards from the ends of files in bounded memory.</summary>
internal static class LogTail
{
    /// <summary>
    /// The position of the first of the last <paramref name="lines"/> lines. A line is a full (F) record with the
    /// partial (P) records of the same stream right before it (conmon splits lines longer than its 8 KiB buffer), or
    /// the trailing partial records of a stream whose line is not finished yet. Records the filter drops do not
    /// count; the count stops at the first record before Since.
    /// </summary>
    public static LogPosition FindStart(
        LogChain chain, LogRecordFilter filter, int lines, bool lastComplete, CancellationToken cancellationToken)
    {
        var last = chain.Files.Count - 1;
        var start = new LogPosition(last, 0);
        var counted = 0;
        LogStream? later = null;
        for (var index = last; index >= 0; index--)
        {
            var file = chain.Files[index];
            var complete = index < last || lastComplete;
            using var reader = BackwardLineReader.Open(file, index < last ? file.CurrentLength : file.LengthAtOpen, complete, cancellationToken);
            if (index == last) start = new LogPosition(last, reader.ContentEnd);
            while (reader.Previous(cancellationToken))
            {
                if (!K8sLogFormat.TryParseHeader(reader.Head, out var header) || !filter.Selects(header.Stream)) continue;
                if (filter.IsAfterUntil(header.Time)) continue;
                if (filter.IsBeforeSince(header.Time)) return start;
                var continuation = header.Partial && later == header.Stream;
                if (!continuation)
                {
                    if (counted == lines) return start;
                    counted++;
                }
                later = header.Stream;
                start = new LogPosition(index, reader.LineStart);
            }
        }
        return start;
    }

    /// <summary>The time of the file's last record and where its content ends; no time when it has no record.</summary>
    public static (DateTimeOffset? LastTime, long ContentEnd) LastRecord(
        LogFile file, long end, bool complete, CancellationToken cancellationToken)
    {
        using var reader = BackwardLineReader.Open(file, end, complete, cancellationToken);
        while (reader.Previous(cancellationToken))
            if (K8sLogFormat.TryParseHeader(reader.Head, out var header)) return (header.Time, reader.ContentEnd);
        return (null, reader.ContentEnd);
    }
}

/// <summary>A place in a log: the index of a file in its <see cref="LogChain"/> and an offset in that file.</summary>
internal readonly record struct LogPosition(int File, long Offset);
