using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>-v binds: each must parse, and no two may claim the same container path.</summary>
internal static class MountRules
{
    public static IReadOnlyList<BindMount> Validate(IReadOnlyList<string> binds, ValidationErrors errors)
    {
        var result = new List<BindMount>();
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in binds)
        {
            if (!BindSpecParser.TryParse(spec, out var bind, out var error))
            {
                errors.Add("volume", error);
                continue;
            }
            if (!destinations.Add(bind.Destination))
            {
                errors.Add("volume", $"Duplicate mount point: {bind.Destination}");
                continue;
            }
            result.Add(bind);
        }
        return result;
    }
}
