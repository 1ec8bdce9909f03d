using Dashboard.Engine;
using Dashboard.Engine.Networking;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Components.Launch;

/// <summary>The request a form produces, plus problems only the form can see (an unclosed quote in the command).</summary>
public sealed record LaunchMapping(CreateContainerRequest Request, IReadOnlyList<FieldError> FormErrors);

/// <summary>Turns the launch form into a <see cref="CreateContainerRequest"/>. Pure: blank inputs become "not set"
/// so the validator and the docker-run preview only see what the person chose; the validator owns every rule.</summary>
public static class LaunchRequestMapper
{
    public static LaunchMapping Map(LaunchModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var portErrors = PortRowRules.Check(model.Ports);
        var formErrors = new List<FieldError>(portErrors);
        // A row with an error at one of its boxes stays out of the request (and the preview): its message is at the
        // box, not repeated by the engine's -p rules.
        var badRows = portErrors.Select(e => PortRowRules.RowOf(e.Field)).ToHashSet();
        IReadOnlyList<string>? cmd = null;
        if (!string.IsNullOrWhiteSpace(model.Command))
        {
            if (ShellWords.TrySplit(model.Command, out var words, out var error)) cmd = words;
            else formErrors.Add(new FieldError("cmd", error!));
        }

        var request = new CreateContainerRequest
        {
            Image = model.Image.Trim(),
            Name = Blank(model.Name),
            Cmd = cmd,
            Env = model.Env.Where(r => !IsBlank(r)).Select(r => r.Key.Trim() + "=" + r.Value).ToList(),
            Hostname = Blank(model.Hostname),
            Cpus = Blank(model.Cpus),
            Memory = Size(model.Memory, model.MemoryUnit),
            MemorySwap = model.MemorySwap.Trim() == "-1" ? "-1" : Size(model.MemorySwap, model.MemorySwapUnit),
            PidsLimit = model.PidsLimit,
            RestartPolicy = Restart(model),
            NetworkMode = Network(model.NetworkMode, model.NetworkContainer),
            Publish = model.Ports.Where((p, i) => !p.IsBlank && !badRows.Contains(i)).Select(Publish).ToList(),
            PidMode = Namespace(model.PidMode, model.PidContainer),
            IpcMode = Namespace(model.IpcMode, model.IpcContainer),
            UtsMode = Namespace(model.UtsMode, ""),
            Binds = model.Binds.Where(b => !IsBlank(b)).Select(Bind).ToList(),
            Labels = Labels(model.Labels),
            User = Blank(model.User),
            WorkingDir = Blank(model.WorkingDir),
            AutoRemove = model.AutoRemove,
        };
        return new LaunchMapping(request, formErrors);
    }

    // The form's default (a namespace of its own) is "not set"; a container choice without a pick goes as
    // "container:" so the validator says what is missing at the field.
    private static string? Namespace(string mode, string container) => mode switch
    {
        "host" => "host",
        "container" => "container:" + container.Trim(),
        _ => null,
    };

    // The default network goes as "not set" (docker run without --network joins bridge too); the others by name.
    private static string? Network(string mode, string container) => mode switch
    {
        "" or NetworkDefinition.DefaultName => null,
        "container" => "container:" + container.Trim(),
        var name => name,
    };

    /// <summary>docker's -p spelling of a row: [IP:][HOST_PORT:]CONTAINER_PORT[/udp] (tcp is the default and left out).</summary>
    public static string Publish(PortRow row)
    {
        var ip = row.HostIp.Trim();
        var host = row.HostPort.Trim();
        var spec = ip.Length > 0 ? $"{ip}:{host}:" : host.Length > 0 ? host + ":" : "";
        spec += row.ContainerPort.Trim();
        return row.Protocol == "tcp" ? spec : spec + "/" + row.Protocol;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsBlank(KeyValueRow row) => row.Key.Trim().Length == 0 && row.Value.Length == 0;

    private static bool IsBlank(BindRow row) => row.HostPath.Trim().Length == 0 && row.ContainerPath.Trim().Length == 0;

    // A bare number takes the picked unit; a value typed with its own suffix ("1g", "200x") goes as typed, so the
    // validator judges exactly what the person wrote.
    private static string? Size(string value, string unit) => Blank(value) switch
    {
        null => null,
        var v when char.IsAsciiLetter(v[^1]) => v,
        var v => v + (unit == "b" ? "" : unit),
    };

    private static string? Restart(LaunchModel model) => model.RestartPolicy switch
    {
        "" or "no" => null,
        "on-failure" when model.RestartRetries is { } n => $"on-failure:{n}",
        var policy => policy,
    };

    private static string Bind(BindRow row) =>
        row.HostPath.Trim() + ":" + row.ContainerPath.Trim() + (row.ReadOnly ? ":ro" : "");

    private static Dictionary<string, string> Labels(IEnumerable<KeyValueRow> rows)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => !IsBlank(r))) labels[row.Key.Trim()] = row.Value;
        return labels;
    }
}
