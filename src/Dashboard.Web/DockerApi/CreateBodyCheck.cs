using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// Nothing in a create body is silently dropped: every field of Config, HostConfig and NetworkingConfig that the
/// engine does not implement must be at its default (null, "", 0, false, empty, or the value the docker CLI sends
/// when its flag is not given), or the request is refused with a 400 that names the field and the flag, e.g.
/// "HostConfig.PortBindings (-p) is not supported yet". Fields Docker does not define are refused the same way
/// when they carry a value. The implemented fields are checked by the engine's validator.
/// </summary>
internal static class CreateBodyCheck
{
    /// <param name="IsDefault">Values besides the empty ones that mean "not asked for".</param>
    /// <param name="OnlyNull">Only null is the default: an empty list is a request (MaskedPaths: [] unmasks everything).</param>
    private sealed record Refused(string Flag, string Reason, Func<JsonNode?, bool>? IsDefault = null, bool OnlyNull = false);

    private const string NoDns = "DNS settings of a container cannot be set yet (it gets the host's resolvers, or aardvark-dns on a user network)";
    private const string Windows = "it only applies to Windows containers";
    private const string BuildOnly = "it is only used by image builds";

    // Fields the engine implements (the rest of the create path reads them).
    private static readonly HashSet<string> s_configImplemented = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hostname", "User", "Tty", "Env", "Cmd", "Image", "WorkingDir", "Entrypoint", "Labels", "StopSignal",
        "StopTimeout", "HostConfig", "NetworkingConfig", "Name",
        // -v /path: an anonymous volume.
        "Volumes",
        // --expose, and -p sends the ports it publishes here too (what -P publishes).
        "ExposedPorts",
        // Output is always attached by `docker run` and `docker start -a`: these only say which streams to show.
        "AttachStdout", "AttachStderr",
        // -i: a stdin pipe that attach clients write to (conmon --stdin), closed by the first client's end of input.
        "OpenStdin", "StdinOnce", "AttachStdin",
    };

    private static readonly HashSet<string> s_hostImplemented = new(StringComparer.OrdinalIgnoreCase)
    {
        "Binds", "NetworkMode", "PidMode", "IpcMode", "UTSMode", "RestartPolicy", "AutoRemove", "CpuShares", "Memory",
        "NanoCpus", "CpuPeriod", "CpuQuota", "CpusetCpus", "MemorySwap", "PidsLimit", "CapAdd", "CapDrop",
        "ReadonlyRootfs", "SecurityOpt", "Ulimits", "Tmpfs", "Mounts", "Devices", "Sysctls", "Privileged", "ShmSize",
        "GroupAdd", "Init", "OomScoreAdj", "CpusetMems", "BlkioWeight", "LogConfig", "PortBindings", "PublishAllPorts",
        // The docker CLI writes the id file itself; the daemon never needs it.
        "ContainerIDFile",
        // The terminal's initial size (-t); without a TTY the docker CLI still sends its own window's size, ignored.
        "ConsoleSize",
    };

    private static readonly Dictionary<string, Refused> s_configRefused = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Domainname"] = new("--domainname", "the container's NIS domain name cannot be set yet"),
        // --no-healthcheck sends Test ["NONE"], which is what a container here has anyway.
        ["Healthcheck"] = new("--health-cmd and the other --health-* flags", "health checks are not run yet", IsNoHealthcheck),
        ["ArgsEscaped"] = new("(API only)", Windows),
        ["NetworkDisabled"] = new("(API only)", "use --network none"),
        ["MacAddress"] = new("--mac-address", "netavark picks each interface's MAC address"),
        ["OnBuild"] = new("(API only)", BuildOnly),
        ["Shell"] = new("(API only)", BuildOnly),
    };

    private static readonly Dictionary<string, Refused> s_hostRefused = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VolumeDriver"] = new("--volume-driver", "only the local volume driver exists here", n => IsText(n, "local")),
        ["VolumesFrom"] = new("--volumes-from", "it is not supported yet: mount the other container's volumes by name with -v NAME:/path"),
        ["Annotations"] = new("--annotation", "OCI annotations cannot be set yet"),
        ["CgroupnsMode"] = new("--cgroupns", "every container has a cgroup namespace of its own (private)", n => IsText(n, "private")),
        ["Dns"] = new("--dns", NoDns),
        ["DnsOptions"] = new("--dns-option", NoDns),
        ["DnsSearch"] = new("--dns-search", NoDns),
        ["ExtraHosts"] = new("--add-host", "extra /etc/hosts entries cannot be added yet"),
        ["Cgroup"] = new("(API only)", "sharing another container's cgroup is not supported"),
        ["Links"] = new("--link", "legacy links are not supported; put both containers on a user network (docker network create) and use the container's name"),
        ["StorageOpt"] = new("--storage-opt", "the overlay snapshotter has no per-container storage options"),
        // No user namespace is what a container here always has.
        ["UsernsMode"] = new("--userns", "containers here run without a user namespace (--userns host)", n => IsText(n, "host")),
        ["Runtime"] = new("--runtime", "the daemon picks the runtime (Engine:Runtime)"),
        ["Isolation"] = new("--isolation", Windows, n => IsText(n, "default")),
        ["CgroupParent"] = new("--cgroup-parent", "every container's cgroup is under Engine:CgroupParent"),
        ["BlkioWeightDevice"] = new("--blkio-weight-device", "per-device block I/O weights are not supported yet"),
        ["BlkioDeviceReadBps"] = new("--device-read-bps", "block I/O throttling is not supported yet"),
        ["BlkioDeviceWriteBps"] = new("--device-write-bps", "block I/O throttling is not supported yet"),
        ["BlkioDeviceReadIOps"] = new("--device-read-iops", "block I/O throttling is not supported yet"),
        ["BlkioDeviceWriteIOps"] = new("--device-write-iops", "block I/O throttling is not supported yet"),
        ["CpuRealtimePeriod"] = new("--cpu-rt-period", "real-time CPU scheduling is not supported"),
        ["CpuRealtimeRuntime"] = new("--cpu-rt-runtime", "real-time CPU scheduling is not supported"),
        ["DeviceCgroupRules"] = new("--device-cgroup-rule", "use --device for each device node"),
        ["DeviceRequests"] = new("--gpus", "GPU device requests are not supported"),
        ["KernelMemory"] = new("--kernel-memory", "kernel memory limits were removed from the kernel's cgroup v2 and from Docker"),
        ["KernelMemoryTCP"] = new("(API only)", "kernel TCP memory limits are not supported"),
        ["MemoryReservation"] = new("--memory-reservation", "soft memory limits are not supported yet"),
        ["MemorySwappiness"] = new("--memory-swappiness", "per-container swappiness is not supported yet", n => IsNumber(n, -1)),
        ["OomKillDisable"] = new("--oom-kill-disable", "the kernel's OOM killer always applies (a container could otherwise hang the host)"),
        ["CpuCount"] = new("--cpu-count", Windows),
        ["CpuPercent"] = new("--cpu-percent", Windows),
        ["IOMaximumIOps"] = new("--io-maxiops", Windows),
        ["IOMaximumBandwidth"] = new("--io-maxbandwidth", Windows),
        // The docker CLI turns --security-opt systempaths=unconfined into empty lists of these.
        ["MaskedPaths"] = new("--security-opt systempaths=unconfined", "the masked /proc and /sys paths are the engine's; only --privileged removes them", OnlyNull: true),
        ["ReadonlyPaths"] = new("--security-opt systempaths=unconfined", "the read-only /proc paths are the engine's; only --privileged removes them", OnlyNull: true),
    };

    // An endpoint the docker CLI always sends for the network it connects to, with every field empty.
    private static readonly Dictionary<string, string> s_endpointFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IPAMConfig"] = "--ip, --ip6",
        ["Links"] = "--link",
        ["Aliases"] = "--network-alias",
        ["MacAddress"] = "--mac-address",
        ["DriverOpts"] = "--network driver-opt=",
        ["GwPriority"] = "--network gw-priority=",
        ["DNSNames"] = "(API only)",
    };

    // docker update: what UpdateLimitsAsync changes live; the rest of moby's UpdateConfig is refused by name.
    private static readonly HashSet<string> s_updateImplemented = new(StringComparer.OrdinalIgnoreCase)
    {
        "CpuShares", "Memory", "NanoCpus", "CpuPeriod", "CpuQuota", "CpusetCpus", "MemorySwap", "PidsLimit", "RestartPolicy",
    };

    private static readonly Dictionary<string, string> s_updateFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BlkioWeight"] = "--blkio-weight", ["CpusetMems"] = "--cpuset-mems", ["Devices"] = "(API only)", ["Ulimits"] = "(API only)",
    };

    /// <summary>The fields of a docker update body that would be dropped: refused by name, like create's.</summary>
    public static IReadOnlyList<string> UpdateRefusals(JsonObject body)
    {
        var refusals = new List<string>();
        foreach (var (name, value) in body)
        {
            if (s_updateImplemented.Contains(name) || IsDefault(value, name)) continue;
            if (name.Equals("MemorySwappiness", StringComparison.OrdinalIgnoreCase) && IsNumber(value, -1)) continue;
            var flag = s_updateFlags.GetValueOrDefault(name) ?? s_hostRefused.GetValueOrDefault(name)?.Flag;
            refusals.Add(flag is null
                ? $"{name} is not supported by this daemon; leave it out"
                : $"{name} ({flag}) cannot be changed by docker update here: only --cpus, --cpu-period, --cpu-quota, --cpu-shares, --cpuset-cpus, --memory, --memory-swap, --pids-limit and --restart can; recreate the container to change it");
        }
        return refusals;
    }

    /// <summary>The 400 message for the refusals: one sentence per field, each reason said once after the fields it
    /// explains ("ExposedPorts (--expose, -p) is not supported; HostConfig.PortBindings (-p) is not supported: ...").</summary>
    public static string Message(IReadOnlyList<string> refusals) => string.Join("; ", refusals
        .Select(r => r.Split(": ", 2))
        .GroupBy(parts => parts.Length > 1 ? parts[1] : "")
        .Select(g => string.Join("; ", g.Select(parts => parts[0])) + (g.Key.Length > 0 ? ": " + g.Key : "")));

    /// <summary>One message per refused field; empty when the body asks only for what the engine does.</summary>
    public static IReadOnlyList<string> Refusals(JsonObject body)
    {
        var refusals = new List<string>();
        Check(body, "", s_configImplemented, s_configRefused, refusals);
        if (body.TryGetPropertyValue("HostConfig", out var host) && host is JsonObject hostConfig)
            Check(hostConfig, "HostConfig.", s_hostImplemented, s_hostRefused, refusals);
        if (body.TryGetPropertyValue("NetworkingConfig", out var networking) && networking is JsonObject networkingConfig)
            CheckNetworking(networkingConfig, refusals);
        return refusals;
    }

    private static void Check(JsonObject obj, string prefix, HashSet<string> implemented, Dictionary<string, Refused> refused, List<string> refusals)
    {
        foreach (var (name, value) in obj)
        {
            if (implemented.Contains(name)) continue;
            if (refused.TryGetValue(name, out var rule))
            {
                var unset = rule.OnlyNull ? value is null : IsDefault(value, name) || rule.IsDefault?.Invoke(value) == true;
                if (!unset)
                    refusals.Add($"{prefix}{name} ({rule.Flag}) is not supported: {rule.Reason}");
            }
            else if (!IsDefault(value, name))
            {
                refusals.Add($"{prefix}{name} is not supported by this daemon (not a field of Docker API 1.44 that it implements); leave it out");
            }
        }
    }

    // What an endpoint may ask for: --ip (IPAMConfig.IPv4Address) and --network-alias; the rest only when at its default.
    private static readonly HashSet<string> s_endpointImplemented = new(StringComparer.OrdinalIgnoreCase) { "Aliases" };

    private static void CheckNetworking(JsonObject networking, List<string> refusals)
    {
        foreach (var (name, value) in networking)
        {
            if (!name.Equals("EndpointsConfig", StringComparison.OrdinalIgnoreCase))
            {
                if (!IsDefault(value)) refusals.Add($"NetworkingConfig.{name} is not supported by this daemon; leave it out");
                continue;
            }
            if (value is not JsonObject endpoints) continue;
            foreach (var (network, endpoint) in endpoints)
            {
                if (endpoint is not JsonObject fields) continue;
                foreach (var (field, setting) in fields)
                {
                    if (s_endpointImplemented.Contains(field)) continue;
                    if (field.Equals("IPAMConfig", StringComparison.OrdinalIgnoreCase) && setting is JsonObject ipam)
                    {
                        foreach (var (ipamField, ipamValue) in ipam)
                            if (!ipamField.Equals("IPv4Address", StringComparison.OrdinalIgnoreCase) && !IsDefault(ipamValue, ipamField))
                                refusals.Add($"NetworkingConfig.EndpointsConfig.{network}.IPAMConfig.{ipamField} ({(ipamField.StartsWith("IPv6", StringComparison.OrdinalIgnoreCase) ? "--ip6" : "--link-local-ip")}) is not supported: this engine's networks are IPv4 only");
                        continue;
                    }
                    if (!IsDefault(setting, field))
                        refusals.Add($"NetworkingConfig.EndpointsConfig.{network}.{field} ({s_endpointFlags.GetValueOrDefault(field, "(API only)")}) is not supported: only --ip and --network-alias can be set for a network");
                }
            }
        }
    }

    // Docker's maps: a key is a request even when its value is empty ({"80/tcp": {}} exposes a port).
    private static readonly HashSet<string> s_maps = new(StringComparer.OrdinalIgnoreCase)
    {
        "ExposedPorts", "Volumes", "PortBindings", "StorageOpt", "Annotations", "Config", "DriverOpts", "Labels", "Sysctls", "Tmpfs",
    };

    /// <summary>null, "", 0, false, [], {} or a struct whose members are all default (a map only when empty).</summary>
    public static bool IsDefault(JsonNode? node) => IsDefault(node, null);

    private static bool IsDefault(JsonNode? node, string? name) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj when name is not null && s_maps.Contains(name) => obj.Count == 0,
        JsonObject obj => obj.All(p => IsDefault(p.Value, p.Key)),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            JsonValueKind.Number => value.TryGetValue<decimal>(out var d) && d == 0,
            JsonValueKind.False or JsonValueKind.Null => true,
            _ => false,
        },
        _ => false,
    };

    private static bool IsText(JsonNode? node, string expected) => Text(node) == expected;

    private static bool IsNumber(JsonNode? node, long expected) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) && n == expected;

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // {"Test": ["NONE"]} and nothing else set: the image's health check is turned off, as a container here has none.
    private static bool IsNoHealthcheck(JsonNode? node) =>
        node is JsonObject check && check.All(p => p.Key.Equals("Test", StringComparison.OrdinalIgnoreCase)
            ? p.Value is JsonArray { Count: 1 } test && Text(test[0]) == "NONE"
            : IsDefault(p.Value));
}
