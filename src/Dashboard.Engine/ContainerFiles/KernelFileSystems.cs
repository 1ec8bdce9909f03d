namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// The kernel's interface file systems (statfs f_type), which a container sees at /proc, /sys, /dev/pts, /dev/mqueue
/// and the like. Their files are not files: sizes lie, reads have side effects, writes configure the kernel. A copy
/// shows their mount points as empty directories and never reads or writes inside them, which is also what Docker's
/// copies show (its view holds the image's empty /proc and /sys).
/// </summary>
internal static class KernelFileSystems
{
    private static readonly HashSet<long> s_types =
    [
        0x9fa0,     // proc
        0x62656572, // sysfs
        0x27e0eb,   // cgroup
        0x63677270, // cgroup2
        0x1cd1,     // devpts
        0x19800202, // mqueue
        0x73636673, // securityfs
        0x64626720, // debugfs
        0x74726163, // tracefs
        0xcafe4a11, // bpf
        0x62656570, // configfs
        0x65735543, // fusectl
        0x6165676c, // pstore
        0xf97cff8c, // selinuxfs
        0xde5e81e4, // efivarfs
        0x42494e4d, // binfmt_misc
        0x6e736673, // nsfs
        0x0187,     // autofs
    ];

    public static bool Contains(long fileSystemType) => s_types.Contains(fileSystemType);

    public static bool IsKernelFileSystem(Microsoft.Win32.SafeHandles.SafeFileHandle fd) => Contains(FileNative.FileSystemOf(fd).Type);
}
