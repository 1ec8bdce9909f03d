using System.Globalization;

namespace Dashboard.Web.Components;

/// <summary>
/// The dashboard's one way to write a size for people, on every page: binary units, a space, at most one decimal and
/// no trailing zero ("512 B", "1.5 KiB", "64 MiB"), so the Containers list and the container page print the same value
/// the same way. (dashctl has its own, docker's.)
/// </summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Format(double bytes)
    {
        var i = 0;
        while (Math.Abs(bytes) >= 1024 && i < Units.Length - 1) { bytes /= 1024; i++; }
        return bytes.ToString(i == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + Units[i];
    }
}
