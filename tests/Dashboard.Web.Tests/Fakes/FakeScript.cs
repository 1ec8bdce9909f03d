using System.Globalization;
using System.Text;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>One thing a fake container's process does.</summary>
public abstract record FakeStep
{
    public sealed record Echo(string Text, bool Stderr) : FakeStep;
    public sealed record Sleep(TimeSpan Duration) : FakeStep;
    public sealed record Exit(int Code) : FakeStep;
}

/// <summary>
/// What a fake container "runs": a tiny interpreter for the commands tests use. Supported: echo (with "&gt;&amp;2"
/// for stderr), sleep SECONDS (or inf), exit N, true, false, a bare sh (no stdin: exits 0), and "sh -c 'a; b &amp;&amp; c'".
/// Any other program fails to start as runc does for a missing binary.
/// </summary>
public static class FakeScript
{
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
                return [new FakeStep.Echo(string.Join(' ', args) + "\n", stderr)];
            case "sleep":
                return [new FakeStep.Sleep(Duration(args.FirstOrDefault() ?? "0"))];
            case "exit":
                return [new FakeStep.Exit(int.Parse(args.FirstOrDefault() ?? "0", CultureInfo.InvariantCulture))];
            case "true":
            case "sh" when args.Count == 0:
                return [new FakeStep.Exit(0)];
            case "false":
                return [new FakeStep.Exit(1)];
            default:
                throw new UnknownProgramException(argv[0]);
        }
    }

    /// <summary>An hour or more is forever: no test waits that long, and "inf" is how scripts say it.</summary>
    private static TimeSpan Duration(string text)
    {
        if (text is "inf" or "infinity") return Timeout.InfiniteTimeSpan;
        var seconds = double.Parse(text, CultureInfo.InvariantCulture);
        return seconds >= 3600 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }

    private static List<string> Tokenize(string command)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
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

/// <summary>The script names a program the fake does not have: the start fails like runc's exec of a missing binary.</summary>
public sealed class UnknownProgramException(string program) : Exception(program)
{
    public string Program { get; } = program;
}
