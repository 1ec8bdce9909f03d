namespace Dashboard.Web.DockerApi;

/// <summary>The API versions this daemon speaks and moby's version negotiation rules.</summary>
public static class DockerApiVersion
{
    /// <summary>What Docker Engine 25.0 serves; the CLI v29.0–29.2 refuses anything lower.</summary>
    public const string Current = "1.44";

    /// <summary>moby's hard floor.</summary>
    public const string Minimum = "1.24";

    internal const string ItemKey = "DockerApiVersion";

    /// <summary>Parses "1.44" into a comparable pair; null when it is not "major.minor".</summary>
    public static Version? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split('.');
        if (parts.Length != 2) return null;
        return int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor) && major >= 0 && minor >= 0
            ? new Version(major, minor)
            : null;
    }

    /// <summary>Checks a version from a "/vX.Y" prefix; returns moby's error text or null when it is acceptable.</summary>
    public static string? Check(string requested)
    {
        var version = Parse(requested);
        if (version is null) return $"invalid API version: {requested}";
        if (version < Parse(Minimum)!)
            return $"client version {requested} is too old. Minimum supported API version is {Minimum}, please upgrade your client to a newer version";
        if (version > Parse(Current)!)
            return $"client version {requested} is too new. Maximum supported API version is {Current}";
        return null;
    }

    /// <summary>The version the request speaks: its "/vX.Y" prefix, else (bare paths, Docker.DotNet) the current one.</summary>
    public static Version Of(HttpContext context) =>
        context.Items[ItemKey] as Version ?? Parse(Current)!;

    /// <summary>Multiplexed-stream content type exists from API 1.42; older clients get raw-stream for the same bytes.</summary>
    public static string StreamContentType(HttpContext context, bool tty = false) =>
        !tty && Of(context) >= new Version(1, 42) ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream";
}
