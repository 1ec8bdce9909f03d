using System.Text.Json.Serialization;

namespace Dashboard.Engine.Spec.Oci;

/// <summary>Source-generated serialisation for config.json: no reflection (works trimmed or AOT) and a fixed
/// property order taken from the record declarations.</summary>
[JsonSerializable(typeof(OciSpec))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
