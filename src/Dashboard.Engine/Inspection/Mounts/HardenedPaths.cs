using System.Text.Json;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Inspection.Mounts;

/// <summary>
/// The masked and read-only paths a container asked runc for: linux.maskedPaths and linux.readonlyPaths of the
/// bundle's config.json (what this container really got, even if the defaults change later), falling back to
/// <see cref="LinuxDefaults"/> when the file cannot be read. The inspector then reports only the ones mountinfo
/// shows in force.
/// </summary>
internal sealed record HardenedPaths(IReadOnlyList<string> Masked, IReadOnlyList<string> Readonly)
{
    public static readonly HardenedPaths Defaults = new(LinuxDefaults.MaskedPaths, LinuxDefaults.ReadonlyPaths);

    /// <summary>Reads the bundle's config.json; <see cref="Defaults"/> when it is missing or not valid JSON.</summary>
    public static HardenedPaths FromBundle(string configJsonPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(configJsonPath));
            if (!document.RootElement.TryGetProperty("linux", out var linux)) return new([], []);
            return new(Strings(linux, "maskedPaths"), Strings(linux, "readonlyPaths"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Defaults;
        }
    }

    private static IReadOnlyList<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
}
