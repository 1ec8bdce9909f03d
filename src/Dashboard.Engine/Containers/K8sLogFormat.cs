using System.Globalization;
using System.Text;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Parses conmon's k8s-file log lines: "TIME STREAM TAG CONTENT", where TIME is RFC 3339 with nanoseconds, STREAM is
/// stdout or stderr, and TAG is F (full line: a newline followed) or P (partial: the process wrote no newline yet).
/// </summary>
public static class K8sLogFormat
{
    public static bool TryParse(ReadOnlySpan<byte> line, out LogEntry entry)
    {
        entry = null!;
        var first = line.IndexOf((byte)' ');
        if (first <= 0) return false;
        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0) return false;
        var streamName = rest[..second];
        rest = rest[(second + 1)..];
        var third = rest.IndexOf((byte)' ');
        ReadOnlySpan<byte> tag, content;
        if (third < 0) { tag = rest; content = default; }
        else { tag = rest[..third]; content = rest[(third + 1)..]; }

        if (!TryParseTime(Encoding.ASCII.GetString(line[..first]), out var time)) return false;
        LogStream stream;
        if (streamName.SequenceEqual("stdout"u8)) stream = LogStream.Stdout;
        else if (streamName.SequenceEqual("stderr"u8)) stream = LogStream.Stderr;
        else return false;

        var full = !tag.SequenceEqual("P"u8);
        var bytes = new byte[content.Length + (full ? 1 : 0)];
        content.CopyTo(bytes);
        if (full) bytes[^1] = (byte)'\n';
        entry = new LogEntry(time, stream, bytes);
        return true;
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        // .NET parses at most 7 fractional digits; conmon writes 9.
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            var digits = text[(dot + 1)..end];
            if (digits.Length > 7) text = text[..(dot + 1)] + digits[..7] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
