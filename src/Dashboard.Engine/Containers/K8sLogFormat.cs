using System.Globalization;
using System.Text;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Parses conmon's k8s-file log lines: "TIME STREAM TAG CONTENT", where TIME is RFC 3339 with nanoseconds, STREAM is
/// stdout or stderr, and TAG is F (full line: a newline followed) or P (partial: the process wrote no newline yet,
/// or conmon split a long line).
/// </summary>
public static class K8sLogFormat
{
    public static bool TryParse(ReadOnlySpan<byte> line, out LogEntry entry)
    {
        entry = null!;
        if (!TryParseHeader(line, out var header)) return false;
        entry = ToEntry(line, header);
        return true;
    }

    /// <summary>The entry of a line whose header is parsed: its content, with the newline back for a full line.</summary>
    public static LogEntry ToEntry(ReadOnlySpan<byte> line, in K8sLogHeader header)
    {
        var content = line[header.ContentStart..];
        var bytes = new byte[content.Length + (header.Partial ? 0 : 1)];
        content.CopyTo(bytes);
        if (!header.Partial) bytes[^1] = (byte)'\n';
        return new LogEntry(header.Time, header.Stream, bytes);
    }

    /// <summary>Everything but the content, without allocating (for lines skipped by a filter or counted by a tail).</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> line, out K8sLogHeader header)
    {
        header = default;
        var first = line.IndexOf((byte)' ');
        if (first <= 0) return false;
        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0) return false;
        var streamName = rest[..second];
        rest = rest[(second + 1)..];
        var third = rest.IndexOf((byte)' ');
        var tag = third < 0 ? rest : rest[..third];
        var contentStart = third < 0 ? line.Length : line.Length - rest.Length + third + 1;

        LogStream stream;
        if (streamName.SequenceEqual("stdout"u8)) stream = LogStream.Stdout;
        else if (streamName.SequenceEqual("stderr"u8)) stream = LogStream.Stderr;
        else return false;
        if (!TryParseTime(line[..first], out var time)) return false;
        header = new K8sLogHeader(time, stream, tag.SequenceEqual("P"u8), contentStart);
        return true;
    }

    /// <summary>conmon's form (2026-11-28T05:00:01.123456789+00:00, also with Z or fewer digits) directly; anything
    /// else through DateTimeOffset's parser. .NET keeps 7 fractional digits; conmon writes 9.</summary>
    private static bool TryParseTime(ReadOnlySpan<byte> s, out DateTimeOffset time)
    {
        if (TryParseRfc3339(s, out time)) return true;
        var text = Encoding.ASCII.GetString(s);
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

    private static bool TryParseRfc3339(ReadOnlySpan<byte> s, out DateTimeOffset time)
    {
        time = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] | 0x20) != 't' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
            return false;
        var i = 19;
        long ticks = 0;
        if (s[i] == '.')
        {
            var scale = 1_000_000L; // the first digit is 10^6 ticks (100 ns each)
            i++;
            var start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                ticks += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) return false;
        }
        if (i >= s.Length) return false;
        int offsetMinutes;
        if ((s[i] | 0x20) == 'z' && i == s.Length - 1) offsetMinutes = 0;
        else if ((s[i] == '+' || s[i] == '-') && i + 6 == s.Length && s[i + 3] == ':'
                 && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om) && oh <= 14 && om < 60)
            offsetMinutes = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
        else return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        try
        {
            time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // the offset moves it outside DateTimeOffset's range
        }
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9) return false;
            value = value * 10 + (int)digit;
        }
        return true;
    }
}

/// <summary>A k8s-file line without its content: when, which stream, whether the line goes on in the next record of
/// that stream (P), and where the content starts in the line.</summary>
public readonly record struct K8sLogHeader(DateTimeOffset Time, LogStream Stream, bool Partial, int ContentStart);
