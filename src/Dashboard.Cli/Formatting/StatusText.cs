using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Formatting;

/// <summary>The STATUS column of docker ps: "Up 5 minutes", "Exited (0) 3 seconds ago", "Created", ...</summary>
public static class StatusText
{
    public static string For(ContainerSummaryDto c, DateTimeOffset now) =>
        For(c.Status, c.ExitCode, c.StartedAt, c.FinishedAt, now);

    public static string For(string status, int? exitCode, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, DateTimeOffset now)
    {
        string Up() => "Up " + (startedAt is { } s ? HumanFormat.Duration(now - s < TimeSpan.Zero ? TimeSpan.Zero : now - s) : "Less than a second");
        string Ago() => finishedAt is { } f ? " " + HumanFormat.Ago(f, now) : "";
        return status switch
        {
            "running" => Up(),
            "paused" => Up() + " (Paused)",
            "restarting" => $"Restarting ({exitCode ?? 0}){Ago()}",
            "exited" => $"Exited ({exitCode ?? 0}){Ago()}",
            "removing" => "Removal In Progress",
            "dead" => "Dead",
            "created" => "Created",
            _ => status,
        };
    }
}
