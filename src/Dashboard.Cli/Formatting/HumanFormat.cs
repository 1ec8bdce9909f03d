using System.Globalization;

namespace Dashboard.Cli.Formatting;

/// <summary>The wording docker uses (go-units HumanDuration, HumanSizeWithPrecision and BytesSize), so that dashctl
/// output reads like docker's. dashctl's one byte formatter: docker prints sizes of things in decimal units
/// (<see cref="Size"/>: images, network and block I/O) and memory in binary ones (<see cref="BinarySize"/>).</summary>
public static class HumanFormat
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    private static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    /// <summary>"Less than a second", "1 second", "5 minutes", "About an hour", "3 days", ...</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(long)d.TotalHours / 24 / 365} years";
    }

    /// <summary>"5 minutes ago"; a time in the future (clock skew) reads as just now.</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now) =>
        Duration(now - time < TimeSpan.Zero ? TimeSpan.Zero : now - time) + " ago";

    /// <summary>Decimal units with three significant digits: 4261234 is "4.26MB", 999 is "999B".</summary>
    public static string Size(long bytes)
    {
        double size = bytes;
        var unit = 0;
        while (size >= 1000 && unit < DecimalUnits.Length - 1)
        {
            size /= 1000;
            unit++;
        }
        return size.ToString("G3", CultureInfo.InvariantCulture) + DecimalUnits[unit];
    }

    /// <summary>go-units BytesSize: four significant digits, binary units ("1.5MiB", "7.617GiB"), as docker stats shows
    /// memory.</summary>
    public static string BinarySize(ulong bytes)
    {
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < BinaryUnits.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return size.ToString("G4", CultureInfo.InvariantCulture) + BinaryUnits[unit];
    }

    /// <summary>Shortens to <paramref name="max"/> characters, the last one an ellipsis, as docker ps does.</summary>
    public static string Ellipsis(string text, int max) =>
        text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>The 12-character id docker shows, without a "sha256:" prefix.</summary>
    public static string ShortId(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }

    /// <summary>docker logs -t: RFC 3339 in UTC with nanosecond digits (ours end in 00: .NET ticks are 100 ns).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
