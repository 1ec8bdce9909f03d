using System.Globalization;

namespace Dashboard.Data;

/// <summary>Conversions between DateTimeOffset and the stored forms: Unix nanoseconds and ISO 8601 text, both UTC.</summary>
internal static class UnixTime
{
    /// <summary>Exact to the 100 ns tick; valid until 2262, as Docker's timeNano.</summary>
    public static long ToNanoseconds(DateTimeOffset time) =>
        checked((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);

    public static DateTimeOffset FromNanoseconds(long nanoseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + nanoseconds / 100, TimeSpan.Zero);

    public static string ToIsoText(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset FromIsoText(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
