namespace Dashboard.Web.Components.Detail;

/// <summary>
/// The Terminal tab's shell picker: /bin/sh always, /bin/bash when the container has it, or a command typed by the
/// user (split like a shell line, no expansion). <see cref="Default"/> is bash where there is one, as a user of
/// <c>docker exec -it web bash</c> would pick.
/// </summary>
public static class ShellChoice
{
    public const string Sh = "/bin/sh", Bash = "/bin/bash", Custom = "custom";

    public static IReadOnlyList<string> Choices(bool hasBash) => hasBash ? [Bash, Sh, Custom] : [Sh, Custom];

    public static string Default(bool hasBash) => hasBash ? Bash : Sh;

    /// <summary>The command to run for a choice; for <see cref="Custom"/>, the typed line split into words, or an
    /// error a person can act on.</summary>
    public static bool TryCommand(string choice, string? customLine, out IReadOnlyList<string> command, out string? error)
    {
        if (choice != Custom)
        {
            (command, error) = ([choice], null);
            return true;
        }
        if (!Launch.ShellWords.TrySplit(customLine, out command, out error)) return false;
        if (command.Count > 0) return true;
        error = "Type a command to run, such as top or sh -c 'cd /app && exec sh'.";
        return false;
    }
}
