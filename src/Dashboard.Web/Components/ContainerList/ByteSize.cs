namespace Dashboard.Web.Components.ContainerList;

/// <summary>Binary units as docker prints them ("12.3 MiB").</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(double bytes)
    {
        var i = 0;
        while (bytes >= 1024 && i < Units.Length - 1) { bytes /= 1024; i++; }
        return i == 0 ? $"{bytes:0} B" : $"{bytes:0.#} {Units[i]}";
    }
}
