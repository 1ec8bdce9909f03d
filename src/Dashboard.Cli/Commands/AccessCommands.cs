using System.CommandLine;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl setup-link: asks the daemon (over its unix socket) for a fresh first-admin setup link.</summary>
public static class AccessCommands
{
    public static IEnumerable<Command> Create(CliContext ctx)
    {
        var setupLink = new Command("setup-link", "Print a one-time link for creating the first admin account of the web UI");
        setupLink.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var link = await client.CreateSetupLinkAsync(ct);
            ctx.Out.WriteLine(link.Url);
            ctx.Err.WriteLine($"Valid until {link.Expires.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}, for one use.");
            return 0;
        }));
        yield return setupLink;
    }
}
