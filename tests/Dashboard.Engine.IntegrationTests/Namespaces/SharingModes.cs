using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Namespaces;

/// <summary>
/// --pid host is being added on branch ns-share as CreateContainerRequest.PidMode; until that merges the property
/// does not exist, so it is set by name. The test fails (not skips) without it: the mode is a requirement.
/// </summary>
internal static class SharingModes
{
    public static CreateContainerRequest WithPidMode(CreateContainerRequest request, string mode)
    {
        var property = typeof(CreateContainerRequest).GetProperty("PidMode")
            ?? throw new InvalidOperationException("CreateContainerRequest has no PidMode yet (it comes with the namespace sharing modes of branch ns-share)");
        var copy = request with { };
        property.SetValue(copy, mode);
        return copy;
    }
}
