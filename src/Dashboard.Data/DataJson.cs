using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Data;

/// <summary>
/// The JSON stored in the config_json, state_json and attributes_json columns. The stored shape is a schema too:
/// camelCase properties, enums as their C# names ("OnFailure", "Running"), nulls omitted. Unknown properties are
/// ignored and missing ones take the record's defaults, so engine records may gain members freely; a new
/// <c>required</c> member, a rename or an enum member rename would break rows already on disk and needs a migration.
/// </summary>
public static class DataJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string SerializeConfig(ContainerConfig config) => JsonSerializer.Serialize(config, Options);

    public static ContainerConfig DeserializeConfig(string json) =>
        JsonSerializer.Deserialize<ContainerConfig>(json, Options) ?? throw new JsonException("config_json is null");

    public static string SerializeState(ContainerState state) => JsonSerializer.Serialize(state, Options);

    public static ContainerState DeserializeState(string json) =>
        JsonSerializer.Deserialize<ContainerState>(json, Options) ?? throw new JsonException("state_json is null");

    public static string SerializeAttributes(IReadOnlyDictionary<string, string>? attributes) =>
        attributes is null || attributes.Count == 0 ? "{}" : JsonSerializer.Serialize(attributes, Options);

    public static IReadOnlyDictionary<string, string> DeserializeAttributes(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? new Dictionary<string, string>();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropComputedProperties } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    // Get-only properties (RestartPolicy.DockerName, ContainerRecord.ShortId) are derived from other members:
    // storing them would only add text that is ignored on read.
    private static void DropComputedProperties(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
                typeInfo.Properties.RemoveAt(i);
        }
    }
}
