using System.Globalization;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// Docker's create body to the engine's <see cref="CreateContainerRequest"/>. Docker's zeros mean "not set", so they
/// become null; quantities become the strings the engine's validator parses (bytes stay bytes, NanoCpus becomes
/// decimal CPUs). All validation is the engine's, so the Docker API and the native API give the same messages.
/// </summary>
internal static class CreateRequestMapper
{
    public static CreateContainerRequest Map(CreateContainerBody body, string? name)
    {
        var host = body.HostConfig ?? new HostConfigBody();
        return new CreateContainerRequest
        {
            Name = Blank(name) ?? Blank(body.Name?.TrimStart('/')),
            Image = body.Image ?? "",
            Cmd = body.Cmd,
            // The CLI sends [""] for --entrypoint "": that clears the image's entrypoint.
            Entrypoint = body.Entrypoint is { Count: 1 } e && e[0].Length == 0 ? [] : body.Entrypoint,
            Env = body.Env ?? [],
            WorkingDir = Blank(body.WorkingDir),
            User = Blank(body.User),
            Hostname = Blank(body.Hostname),
            Labels = body.Labels ?? new Dictionary<string, string>(),
            StopSignal = Blank(body.StopSignal),
            StopTimeout = body.StopTimeout,
            Cpus = host.NanoCpus != 0 ? NanoCpusToCpus(host.NanoCpus) : null,
            CpuPeriod = NullIfZero(host.CpuPeriod),
            CpuQuota = NullIfZero(host.CpuQuota),
            CpuShares = NullIfZero(host.CpuShares),
            CpusetCpus = Blank(host.CpusetCpus),
            Memory = host.Memory != 0 ? host.Memory.ToString(CultureInfo.InvariantCulture) : null,
            MemorySwap = host.MemorySwap != 0 ? host.MemorySwap.ToString(CultureInfo.InvariantCulture) : null,
            // The docker CLI sends 0 when --pids-limit is not given, so 0 (like null) takes the engine's default
            // (Engine:DefaultPidsLimit); -1, or any negative, asks for unlimited as in Docker.
            PidsLimit = host.PidsLimit switch { > 0 => host.PidsLimit, < 0 => -1, _ => null },
            CpusetMems = Blank(host.CpusetMems),
            BlkioWeight = host.BlkioWeight == 0 ? null : host.BlkioWeight,
            Privileged = host.Privileged,
            CapAdd = host.CapAdd ?? [],
            CapDrop = host.CapDrop ?? [],
            ReadonlyRootfs = host.ReadonlyRootfs,
            SecurityOpt = host.SecurityOpt ?? [],
            Ulimits = (host.Ulimits ?? []).Select(u => u is null ? "" : UlimitParser.Format(u.Name ?? "", u.Soft, u.Hard)).ToArray(),
            // Docker's map has no order; sorted, so that errors and inspect are stable.
            Tmpfs = (host.Tmpfs ?? []).OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => string.IsNullOrEmpty(t.Value) ? t.Key : $"{t.Key}:{t.Value}").ToArray(),
            // A null entry becomes an empty one, which the validator refuses with the flag's name.
            Mounts = (host.Mounts ?? []).Select((m, i) => m is null ? "" : MountText(m, i)).ToArray(),
            Devices = (host.Devices ?? []).Select(d => d is null ? "" : DeviceText(d)).ToArray(),
            Sysctls = host.Sysctls ?? new Dictionary<string, string>(),
            ShmSize = host.ShmSize != 0 ? host.ShmSize.ToString(CultureInfo.InvariantCulture) : null,
            GroupAdd = host.GroupAdd ?? [],
            Init = host.Init,
            OomScoreAdj = host.OomScoreAdj == 0 ? null : host.OomScoreAdj,
            RestartPolicy = RestartPolicy(host.RestartPolicy),
            // "default" is what the CLI sends without --network: the engine's default network, bridge.
            NetworkMode = host.NetworkMode is null or "" or "default" ? null : host.NetworkMode,
            Networks = Endpoints(body.NetworkingConfig),
            Publish = Publish(host.PortBindings),
            Expose = body.ExposedPorts?.Keys.ToList() ?? [],
            PublishAll = host.PublishAllPorts,
            // The CLI sends "" for each of these without its flag: the engine's default, a namespace of its own.
            PidMode = Blank(host.PidMode),
            IpcMode = Blank(host.IpcMode),
            UtsMode = Blank(host.UTSMode),
            Binds = host.Binds ?? [],
            Volumes = body.Volumes?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [],
            AutoRemove = host.AutoRemove,
            OpenStdin = body.OpenStdin,
            StdinOnce = body.StdinOnce,
            AttachStdin = body.AttachStdin,
            Tty = body.Tty,
            ConsoleSize = host.ConsoleSize,
            LogDriver = Blank(host.LogConfig?.Type),
            LogOptions = host.LogConfig?.Config,
        };
    }

    /// <summary>EndpointsConfig as the engine's attachments; Docker's "default" key is the default network.</summary>
    private static IReadOnlyList<NetworkAttachment>? Endpoints(NetworkingConfigBody? networking) =>
        networking?.EndpointsConfig?.Select(e => new NetworkAttachment(e.Key is "default" ? "bridge" : e.Key)
        {
            IPv4Address = Blank(e.Value?.IPAMConfig?.IPv4Address),
            Aliases = e.Value?.Aliases ?? [],
        }).ToList();

    /// <summary>PortBindings back to -p's text ("127.0.0.1:8080:80/tcp"), so the engine's one parser checks them.</summary>
    private static IReadOnlyList<string> Publish(Dictionary<string, List<PortBindingBody?>?>? bindings)
    {
        if (bindings is null) return [];
        var publish = new List<string>();
        foreach (var (containerSide, hostSides) in bindings.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (hostSides is null || hostSides.Count == 0)
            {
                publish.Add(containerSide);
                continue;
            }
            foreach (var side in hostSides)
            {
                var ip = side?.HostIp ?? "";
                publish.Add($"{(ip.Contains(':') ? $"[{ip}]" : ip)}:{side?.HostPort ?? ""}:{containerSide}");
            }
        }
        return publish;
    }

    /// <summary>250000000 becomes "0.25"; negative values pass through so the validator can reject them.</summary>
    public static string NanoCpusToCpus(long nanoCpus) =>
        (nanoCpus / 1_000_000_000m).ToString(CultureInfo.InvariantCulture);

    internal static string? RestartPolicy(RestartPolicyBody? policy)
    {
        var name = Blank(policy?.Name);
        if (name is null) return null;
        return name == "on-failure" && policy!.MaximumRetryCount > 0 ? $"on-failure:{policy.MaximumRetryCount}" : name;
    }

    /// <summary>A Docker mount object in the docker CLI's --mount form, which the engine's validator parses, so that both
    /// APIs give the same messages. Values are CSV-quoted where needed.</summary>
    internal static string MountText(MountBody mount, int index)
    {
        var fields = new List<string> { MountSpecParser.Field("type", (mount.Type ?? "").ToLowerInvariant()) };
        if (!string.IsNullOrEmpty(mount.Source)) fields.Add(MountSpecParser.Field("source", mount.Source));
        fields.Add(MountSpecParser.Field("target", mount.Target ?? ""));
        if (mount.ReadOnly) fields.Add("readonly");
        if (!string.IsNullOrEmpty(mount.Consistency)) fields.Add(MountSpecParser.Field("consistency", mount.Consistency));
        if (mount.BindOptions is { } bind)
        {
            if (!string.IsNullOrEmpty(bind.Propagation)) fields.Add(MountSpecParser.Field("bind-propagation", bind.Propagation));
            if (bind.NonRecursive) fields.Add("bind-recursive=disabled");
            if (bind.ReadOnlyNonRecursive) fields.Add("bind-recursive=writable");
            if (bind.ReadOnlyForceRecursive) fields.Add("bind-recursive=readonly");
            if (bind.CreateMountpoint) fields.Add("bind-create-src");
        }
        if (mount.TmpfsOptions is { } tmpfs)
        {
            if (tmpfs.Options is { Count: > 0 })
                throw new DockerApiException(StatusCodes.Status400BadRequest,
                    $"HostConfig.Mounts[{index}].TmpfsOptions.Options is not supported yet: use tmpfs-size and tmpfs-mode, or --tmpfs /path:options");
            if (tmpfs.SizeBytes != 0) fields.Add("tmpfs-size=" + tmpfs.SizeBytes.ToString(CultureInfo.InvariantCulture));
            if (tmpfs.Mode != 0) fields.Add("tmpfs-mode=" + Convert.ToString(tmpfs.Mode & 0xFFF, 8));
        }
        if (mount.VolumeOptions is { ValueKind: System.Text.Json.JsonValueKind.Object } volume) VolumeFields(volume, index, fields);
        else if (mount.VolumeOptions is { ValueKind: not System.Text.Json.JsonValueKind.Null })
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"HostConfig.Mounts[{index}].VolumeOptions must be an object");
        return string.Join(',', fields);
    }

    /// <summary>VolumeOptions (NoCopy, Labels, DriverConfig, Subpath) as --mount's volume-* fields; the validator refuses them
    /// on another type, and refuses a driver other than local, driver options and a subpath, by name.</summary>
    private static void VolumeFields(System.Text.Json.JsonElement volume, int index, List<string> fields)
    {
        var any = false;
        foreach (var property in volume.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == System.Text.Json.JsonValueKind.Null) continue;
            switch (property.Name.ToLowerInvariant())
            {
                case "nocopy" when value.ValueKind is System.Text.Json.JsonValueKind.True: fields.Add("volume-nocopy"); break;
                case "nocopy" when value.ValueKind is System.Text.Json.JsonValueKind.False: any = true; break;
                case "labels" when value.ValueKind == System.Text.Json.JsonValueKind.Object:
                    foreach (var label in value.EnumerateObject())
                        fields.Add(MountSpecParser.Field("volume-label", label.Name + "=" + (label.Value.ValueKind == System.Text.Json.JsonValueKind.String ? label.Value.GetString() : label.Value.GetRawText())));
                    any = true;
                    break;
                case "driverconfig" when value.ValueKind == System.Text.Json.JsonValueKind.Object:
                    if (value.TryGetProperty("Name", out var driver) && driver.GetString() is { Length: > 0 } name)
                        fields.Add(MountSpecParser.Field("volume-driver", name));
                    if (value.TryGetProperty("Options", out var options) && options.ValueKind == System.Text.Json.JsonValueKind.Object && options.EnumerateObject().Any())
                        fields.Add("volume-opt");
                    any = true;
                    break;
                case "subpath" when value.ValueKind == System.Text.Json.JsonValueKind.String:
                    if (value.GetString() is { Length: > 0 }) fields.Add("volume-subpath=" + value.GetString());
                    break;
                default:
                    throw new DockerApiException(StatusCodes.Status400BadRequest, $"HostConfig.Mounts[{index}].VolumeOptions.{property.Name} is not supported");
            }
        }
        // Empty options on a mount of another type are still options of the wrong type, as Docker says.
        if (any && !fields.Any(f => f.StartsWith("volume-", StringComparison.Ordinal))) fields.Add("volume-nocopy=false");
    }

    private static string DeviceText(DeviceMappingBody device)
    {
        var host = device.PathOnHost ?? "";
        var container = string.IsNullOrEmpty(device.PathInContainer) ? host : device.PathInContainer;
        var permissions = string.IsNullOrEmpty(device.CgroupPermissions) ? "rwm" : device.CgroupPermissions;
        return $"{host}:{container}:{permissions}";
    }

    private static long? NullIfZero(long value) => value == 0 ? null : value;

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
