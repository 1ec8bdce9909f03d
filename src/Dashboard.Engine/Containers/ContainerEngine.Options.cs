using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The create options that need the host: what the validator is told about it, the paths a request names that must
/// exist at create (--mount bind sources, --device nodes, --sysctl keys), and what a start looks up again before the
/// spec is written (device numbers, --group-add names, bind propagation).
/// </summary>
public sealed partial class ContainerEngine
{
    private static HostLimits CreateHostLimits(EngineOptions options, HostInfo host, HostFeatures features, HostRlimits rlimits) =>
        new(host.CpuCount, host.MemoryBytes)
        {
            DefaultPidsLimit = Math.Max(0, options.DefaultPidsLimit),
            MemoryNodes = features.MemoryNodes,
            BlkioWeightSupported = features.BlkioWeight,
            AppArmorEnabled = features.AppArmor,
            SelinuxEnabled = features.Selinux,
            InitPath = features.InitPath,
            HardRlimits = rlimits.Hard,
            Capabilities = features.Capabilities,
            MinOomScoreAdj = features.OomScoreAdjMin,
        };

    /// <exception cref="ValidationException">A bind source, device or sysctl that the host does not have.</exception>
    private static void CheckHostPaths(ContainerConfig config)
    {
        var errors = new List<FieldError>();
        foreach (var mount in config.Mounts)
            if (mount.Type == MountKind.Bind && !mount.CreateSource && !Path.Exists(mount.Source))
                errors.Add(new FieldError("mount", $"invalid mount config for type \"bind\": bind source path does not exist: {mount.Source} (add bind-create-src to create it, or use -v, which creates it)"));
        foreach (var device in config.Devices)
        {
            try { DeviceNodes.Resolve(device); }
            catch (ValidationException ex) { errors.AddRange(ex.Errors); }
        }
        foreach (var key in config.Sysctls.Keys)
            if (!File.Exists(Path.Combine("/proc/sys", key.Replace('.', '/'))))
                errors.Add(new FieldError("sysctl", $"sysctl '{key}' does not exist in this kernel (no /proc/sys/{key.Replace('.', '/')})"));
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    /// <summary>Everything the generator needs for this start. Looks the devices and groups up again: a device node
    /// can be re-created with other numbers, and the image's /etc/group is read from the mounted rootfs.</summary>
    /// <exception cref="ValidationException">A --group-add name, a device or a bind propagation that does not hold now.</exception>
    private OciSpecInput SpecInput(ContainerRecord record, ImageRecord image, NamespaceJoins joins, IReadOnlyDictionary<string, string> etcFiles)
    {
        var config = record.Config;
        var rootfs = _snapshotter.RootfsPath(record.Id);
        if (config.Init == true && _hostLimits.InitPath is null)
            throw new ValidationException("init", "--init needs tini on the host (tini-static, mounted as /sbin/docker-init) and it is gone: install the tini package or set Engine:InitPath");
        foreach (var mount in config.Mounts)
        {
            if (mount.Type != MountKind.Bind) continue;
            if (mount.CreateSource && !Path.Exists(mount.Source)) Directory.CreateDirectory(mount.Source!);
            BindPropagation.Check(mount);
        }
        return new OciSpecInput
        {
            ContainerId = record.Id,
            Config = config,
            Image = image.Config,
            RootfsPath = rootfs,
            CgroupsPath = CgroupsPath(record.Id),
            EtcFiles = etcFiles,
            VolumePaths = VolumePaths(config),
            HostNofileHardLimit = _rlimits.NofileHard ?? 1_048_576,
            HostNprocHardLimit = _rlimits.NprocHard,
            HostArchitecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture,
            SeccompCompatArchitectures = _options.SeccompCompatArchitectures,
            ResolvedUser = PasswdResolver.Resolve(rootfs, config.User ?? image.Config.User),
            Joins = joins,
            Devices = config.Devices.SelectMany(DeviceNodes.Resolve).ToArray(),
            HostDevices = config.Security.Privileged ? DeviceNodes.HostDevices() : [],
            ExtraGids = PasswdResolver.ResolveGroups(rootfs, config.GroupAdd),
            InitPath = _hostLimits.InitPath,
            HostCapabilities = _hostLimits.Capabilities,
            KernelVersion = KernelVersion.TryParse(_host.KernelVersion) ?? new Version(6, 1),
            AppArmorEnabled = _hostLimits.AppArmorEnabled,
        };
    }
}
