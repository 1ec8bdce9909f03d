using Dashboard.Web.Components.Host;

namespace Dashboard.Web.Components.Tests.Host;

internal sealed class FixedChangelog(string? text) : IRuncChangelogSource
{
    public string? Read(string runcPath) => text;
}
