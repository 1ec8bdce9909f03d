using System.Globalization;

namespace Dashboard.Web.Tests.DockerApi.Fakes;

/// <summary>
/// What a fake container "runs": a tiny script interpreter for the commands the tests use. Supported: echo (with
/// "&gt;&amp;2" for stderr), sleep SECONDS, exit N, true, false, and "sh -c 'a; b; c'". Any other program name fails
/// to start like runc does for a missing binary.
/// </summary>
public abstract record FakeStep
{
    public sealed record Echo(string Text, bool Stderr) : FakeStep;
    public sealed record Sleep(TimeSpan Duration) : FakeStep;
    public sealed record Exit(int Code) : FakeStep;

    public static IReadOnlyList<FakeStep> Parse(IReadOnlyList<string> argv)
    {
        if (argv.Count >= 3 && argv[0] == "sh" && argv[1] == "-c")
        {
            var steps = new List<FakeStep>();
            foreach (var command in argv[2].Split([";", "&&", "\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                steps.AddRange(ParseCommand(Tokenize(command)));
            return steps;
        }
        return ParseCommand(argv);
    }

    private static IReadOnlyList<FakeStep> ParseCommand(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0) return [];
        var args = argv.Skip(1).ToList();
        switch (argv[0])
        {
            case "echo":
                var stderr = args.Remove(">&2") | args.Remove("1>&2");
                return [new Echo(string.Join(' ', args) + "\n", stderr)];
            case "sleep":
                var seconds = double.Parse(args.FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
                return [new Sleep(seconds >= 3600 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds))];
            case "exit":
                return [new Exit(int.Parse(args.FirstOrDefault() ?? "0", CultureInfo.InvariantCulture))];
            case "true":
                return [new Exit(0)];
            case "false":
                return [new Exit(1)];
            default:
                throw new UnknownProgramException(argv[0]);
        }
    }

    private static List<string> Tokenize(string command)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        foreach (var ch in command)
        {
            if (quote is not null)
            {
                if (ch == quote) quote = null; else current.Append(ch);
            }
            else if (ch is '"' or '\'') quote = ch;
            else if (char.IsWhiteSpace(ch))
            {
                if (current.Length > 0) { tokens.Add(current.ToString()); current.Clear(); }
            }
            else current.Append(ch);
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}

public sealed class UnknownProgramException(string program) : Exception(program)
{
    public string Program { get; } = program;
}
