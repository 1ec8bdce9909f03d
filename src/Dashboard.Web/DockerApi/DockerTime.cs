using System.Globalization;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.DockerApi;

/// <summary>Go's time formats and moby's human status strings, reproduced exactly because clients print them.</summary>
internal static class DockerTime
{
    public const string Zero = "0001-01-01T00:00:00Z";

    /// <summary>RFC3339Nano as Go prints it: fraction without trailing zeros, "Z" for UTC.</summary>
    public static string Rfc3339Nano(DateTimeOffset? time)
    {
        if (time is null) return Zero;
        var utc = time.Value.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        var head = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? head + "Z" : $"{head}.{fraction}Z";
    }

    /// <summary>The fixed-width form docker logs -t prints: nine fraction digits always.</summary>
    public static string LogTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    /// <summary>go-units HumanDuration.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (int)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (int)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (int)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(int)d.TotalHours / 24 / 365} years";
    }

    /// <summary>moby's State.String(): the Status column of docker ps.</summary>
    public static string StatusText(ContainerState state, DateTimeOffset now)
    {
        string Ago(DateTimeOffset? t) => HumanDuration(now - (t ?? now));
        return state.Status switch
        {
            ContainerStatus.Running => $"Up {Ago(state.StartedAt)}",
            ContainerStatus.Paused => $"Up {Ago(state.StartedAt)} (Paused)",
            ContainerStatus.Restarting => $"Restarting ({state.ExitCode ?? 0}) {Ago(state.FinishedAt)} ago",
            ContainerStatus.Removing => "Removal In Progress",
            ContainerStatus.Dead => "Dead",
            _ when state.StartedAt is null => "Created",
            _ when state.FinishedAt is null => "",
            _ => $"Exited ({state.ExitCode ?? 0}) {Ago(state.FinishedAt)} ago",
        };
    }
}
