using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>--device: the syntax only; the engine checks that the host path is a device node (or a directory of
/// them) at create, and looks the node up again at every start.</summary>
internal static class DeviceRules
{
    public static IReadOnlyList<DeviceMapping> Validate(IReadOnlyList<string> specs, bool privileged, ValidationErrors errors)
    {
        var result = new List<DeviceMapping>();
        foreach (var spec in specs)
        {
            if (!DeviceSpecParser.TryParse(spec, out var device, out var error))
            {
                errors.Add("device", error);
                continue;
            }
            // A privileged container may open every device: narrower permissions would be silently widened.
            if (privileged && device.CgroupPermissions != "rwm")
            {
                errors.Add("device", $"--device {spec.Trim()}: permissions '{device.CgroupPermissions}' have no effect with --privileged, which allows every device rwm; drop the permissions or --privileged");
                continue;
            }
            if (result.Any(d => d.PathInContainer == device.PathInContainer))
            {
                errors.Add("device", $"--device {spec.Trim()}: {device.PathInContainer} is given twice");
                continue;
            }
            result.Add(device);
        }
        return result;
    }
}
