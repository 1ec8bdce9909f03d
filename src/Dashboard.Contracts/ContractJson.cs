using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Contracts;

/// <summary>
/// The one set of JSON rules for the native API, shared by the server and dashctl so both sides agree on casing,
/// enums and nulls. camelCase because this API is ours; only the Docker-compatible API needs PascalCase.
/// </summary>
public static class ContractJson
{
    /// <summary>Shared, read-only options: camelCase, case-insensitive reading, enums as camelCase strings.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same rules, indented, for output a person reads (dashctl inspect).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Media type of the line-delimited JSON streams (logs).</summary>
    public const string NdjsonMediaType = "application/x-ndjson";

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
