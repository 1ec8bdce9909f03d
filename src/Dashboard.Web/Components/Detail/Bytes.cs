using System.Globalization;

namespace Dashboard.Web.Components.Detail;

/// <summary>Binary sizes for people: 1536 -> "1.5 KiB".</summary>
public static class Bytes
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(double bytes)
    {
        var i = 0;
        while (Math.Abs(bytes) >= 1024 && i < Units.Length - 1) { bytes /= 1024; i++; }
        return (i == 0 ? bytes.ToString("0", CultureInfo.InvariantCulture) : bytes.ToString("0.0", CultureInfo.InvariantCulture)) + " " + Units[i];
    }
}
