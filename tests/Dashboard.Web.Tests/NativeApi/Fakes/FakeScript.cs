namespace Dashboard.Web.Tests.NativeApi.Fakes;

/// <summary>
/// What a fake container "runs": its command read as a tiny shell script, steps separated by ";":
/// "echo TEXT", "echo TEXT >&amp;2", "sleep SECONDS" (or "sleep inf"), "exit N". "fail-start" makes start fail
/// as if runc had refused the spec.
/// </summary>
public static class FakeScript
{
    public static IReadOnlyList<string> Steps(IReadOnlyList<string> command)
    {
        var text = command is ["sh", "-c", var script, ..] ? script : string.Join(' ', command);
        return text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
