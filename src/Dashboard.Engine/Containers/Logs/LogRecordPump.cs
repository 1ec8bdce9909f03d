namespace Dashboard.Engine.Containers.Logs;

/// <summary>Turns the lines of a log file into the entries a read returns: parsed, filtered (a line is copied only when
/// it is taken), and with conmon's split lines joined. Entries collect in <see cref="Ready"/> for the caller to pass on.</summary>
internal sealed class LogRecordPump(LogRecordFilter filter) : IDisposable
{
    private readonly PartialLineJoiner _joiner = new();

    public List<LogEntry> Ready { get; } = [];

    /// <summary>Set once a record after Until was seen: the read is over.</summary>
    public bool PastUntil { get; private set; }

    /// <summary>Reads lines until some entries are ready; false when the file has no more lines now (see
    /// <see cref="ForwardLineReader.Next"/>) or the read is past Until.</summary>
    public bool Pump(ForwardLineReader reader, long limit, bool complete, CancellationToken cancellationToken)
    {
        while (Ready.Count == 0)
        {
            if (PastUntil || !reader.Next(limit, complete, cancellationToken)) return false;
            var line = reader.Line.Span;
            if (!K8sLogFormat.TryParseHeader(line, out var header) || !filter.Selects(header.Stream)) continue;
            if (filter.IsAfterUntil(header.Time))
            {
                PastUntil = true;
                Flush();
                return false;
            }
            if (filter.IsBeforeSince(header.Time)) continue;
            var (first, second) = _joiner.Add(K8sLogFormat.ToEntry(line, header), header.Partial);
            if (first is not null) Ready.Add(first);
            if (second is not null) Ready.Add(second);
        }
        return true;
    }

    /// <summary>Whether a piece of a split line waits for the rest.</summary>
    public bool HasPending => _joiner.HasPending;

    /// <summary>Makes a pending piece of a split line ready (at the end, or when a follower has waited).</summary>
    public void Flush()
    {
        if (_joiner.Flush() is { } entry) Ready.Add(entry);
    }

    public void Dispose() => _joiner.Dispose();
}
