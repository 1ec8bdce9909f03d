using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Engine.Spec;

public enum NamespaceModeKind { Private, Host, Container }

/// <summary>
/// How a container gets one kind of namespace (network, PID, IPC or UTS), as Docker's --network, --pid, --ipc and
/// --uts say it: a new one of its own (<see cref="Private"/>; for the network that is Docker's "none", loopback only),
/// the host's (<see cref="Host"/>), or another container's (<see cref="Container"/>). Once a container is created
/// a container mode names the target by its full id, as Docker stores "container:&lt;id&gt;"; straight out of the
/// validator it still holds the reference as typed. Stored as text: "private", "host" or "container:ID".
/// </summary>
[JsonConverter(typeof(NamespaceModeJsonConverter))]
public sealed record NamespaceMode
{
    private NamespaceMode(NamespaceModeKind kind, string? containerId)
    {
        Kind = kind;
        ContainerId = containerId;
    }

    public static NamespaceMode Private { get; } = new(NamespaceModeKind.Private, null);

    public static NamespaceMode Host { get; } = new(NamespaceModeKind.Host, null);

    /// <summary>The namespace of <paramref name="reference"/>: a full id once created, a name or id prefix before.</summary>
    public static NamespaceMode Container(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return new(NamespaceModeKind.Container, reference);
    }

    public NamespaceModeKind Kind { get; }

    /// <summary>The target of a container mode; null for the others.</summary>
    public string? ContainerId { get; }

    public bool IsPrivate => Kind == NamespaceModeKind.Private;
    public bool IsHost => Kind == NamespaceModeKind.Host;
    public bool IsContainer => Kind == NamespaceModeKind.Container;

    /// <summary>"private", "host" or "container:ID": the stored form, and Docker's spelling of the last two.</summary>
    public override string ToString() => Kind switch
    {
        NamespaceModeKind.Host => "host",
        NamespaceModeKind.Container => "container:" + ContainerId,
        _ => "private",
    };

    /// <summary>Reads the stored form. "None" and "Host" are how network modes were stored before container modes
    /// existed (an enum), so rows written then still load.</summary>
    public static NamespaceMode Parse(string text) => text switch
    {
        "private" or "None" => Private,
        "host" or "Host" => Host,
        _ when text.StartsWith("container:", StringComparison.Ordinal) && text.Length > "container:".Length =>
            Container(text["container:".Length..]),
        _ => throw new FormatException($"'{text}' is not a namespace mode; expected private, host or container:ID"),
    };
}

/// <summary>Stores a <see cref="NamespaceMode"/> as its text form (see <see cref="NamespaceMode.Parse"/>).</summary>
public sealed class NamespaceModeJsonConverter : JsonConverter<NamespaceMode>
{
    public override NamespaceMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a namespace mode is a string");
        try { return NamespaceMode.Parse(reader.GetString()!); }
        catch (FormatException e) { throw new JsonException(e.Message, e); }
    }

    public override void Write(Utf8JsonWriter writer, NamespaceMode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
