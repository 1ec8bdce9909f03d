using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Text;
using Dashboard.Engine.Images;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Tests.Images;

/// <summary>PAX xattrs (SCHILY.xattr.*): user.* and security.capability are set with their exact bytes, everything
/// else is skipped. The sandbox is under /var/tmp: /tmp can be a tmpfs without user xattrs.</summary>
public sealed class LayerXattrTests : IDisposable
{
    private const int ENODATA = 61;
    private readonly TempDir _sandbox = new("/var/tmp");

    /// <summary>cap_setuid,cap_net_raw=ep as GNU tar stores it (VFS_CAP_REVISION_2 | effective, then permitted):
    /// the 0x80 byte is CAP_SETUID, and is not valid UTF-8.</summary>
    private static readonly byte[] Capability = [0x01, 0, 0, 0x02, 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly byte[] BinaryUserValue = [0x80, 0xff, 0x00, 0x41];

    public void Dispose() => _sandbox.Dispose();

    private string Path(string relative) => System.IO.Path.Combine(_sandbox.Path, relative);

    private void Extract(byte[] tar) => LayerExtractor.Extract(new MemoryStream(tar), _sandbox.Path);

    private static (string, byte[]) Xattr(string name, byte[] value) => ("SCHILY.xattr." + name, value);

    private static byte[]? Get(string path, string name)
    {
        var buffer = new byte[256];
        var n = LibC.LGetXattr(path, name, buffer, (nuint)buffer.Length);
        if (n >= 0) return buffer[..(int)n];
        Assert.Equal(ENODATA, Marshal.GetLastPInvokeError());
        return null;
    }

    [RootFact]
    [Trait(TestCategory.Key, TestCategory.Root)]
    public void Capabilities_and_user_xattrs_are_set_byte_for_byte_after_the_owner()
    {
        Extract(new RawTar()
            .Entry('5', "bin/", [], Xattr("user.dir", "d"u8.ToArray()))
            .Entry('0', "bin/ping", "#!/bin/sh\n"u8.ToArray(), uid: 1000,
                Xattr("security.capability", Capability), Xattr("user.origin", BinaryUserValue))
            .Build());

        Assert.Equal(Capability, Get(Path("bin/ping"), "security.capability"));
        Assert.Equal(BinaryUserValue, Get(Path("bin/ping"), "user.origin"));
        Assert.Equal("d"u8.ToArray(), Get(Path("bin"), "user.dir"));
        // chown drops file capabilities, so they must have been set after it.
        Assert.Equal("1000", TempDir.Stat(Path("bin/ping"), "%u"));
    }

    [RootFact]
    [Trait(TestCategory.Key, TestCategory.Root)]
    public void Trusted_other_security_and_system_xattrs_are_not_applied()
    {
        Extract(new RawTar()
            .Entry('5', "lower/", [], Xattr("trusted.overlay.opaque", "y"u8.ToArray()), Xattr("trusted.overlay.redirect", "/etc"u8.ToArray()))
            .Entry('0', "lower/file", "x"u8.ToArray(),
                Xattr("security.selinux", "system_u:object_r:shadow_t:s0\0"u8.ToArray()),
                Xattr("security.ima", [0x03, 0x02]),
                Xattr("system.posix_acl_access", [0x02, 0, 0, 0]),
                Xattr("trusted.evil", "1"u8.ToArray()),
                Xattr("user.kept", "yes"u8.ToArray()))
            .Build());

        Assert.Null(Get(Path("lower"), "trusted.overlay.opaque"));
        Assert.Null(Get(Path("lower"), "trusted.overlay.redirect"));
        Assert.Null(Get(Path("lower/file"), "security.selinux"));
        Assert.Null(Get(Path("lower/file"), "security.ima"));
        Assert.Null(Get(Path("lower/file"), "system.posix_acl_access"));
        Assert.Null(Get(Path("lower/file"), "trusted.evil"));
        Assert.Equal("yes"u8.ToArray(), Get(Path("lower/file"), "user.kept"));
    }

    [RootFact]
    [Trait(TestCategory.Key, TestCategory.Root)]
    public void A_malformed_capability_set_is_a_bad_archive()
    {
        var tar = new RawTar().Entry('0', "bad", "x"u8.ToArray(), Xattr("security.capability", [1, 2, 3])).Build();

        var error = Assert.Throws<InvalidArchiveException>(() => Extract(tar));

        Assert.StartsWith("entry \"bad\" has an extended attribute security.capability the kernel refuses", error.Message);
    }

    [Fact]
    public void The_tap_hands_over_the_raw_bytes_that_TarReader_decodes_lossily()
    {
        var longName = "deep/" + new string('n', 150);
        var tar = new RawTar()
            .Entry('0', "ping", "x"u8.ToArray(), Xattr("security.capability", Capability))
            .Entry('L', "././@LongLink", Encoding.ASCII.GetBytes(longName + "\0"))
            .Entry('0', "truncated", "y"u8.ToArray())
            .Entry('0', "after", "z"u8.ToArray(), Xattr("user.after", [0x80]))
            .Build();
        var tap = new TarHeaderTap(new MemoryStream(tar));
        using var reader = new TarReader(tap);

        var ping = Assert.IsType<PaxTarEntry>(reader.GetNextEntry());
        Assert.Contains('\uFFFD', ping.ExtendedAttributes["SCHILY.xattr.security.capability"]); // why the tap exists
        Assert.Equal(Capability, tap.Records["SCHILY.xattr.security.capability"]);
        Assert.Equal("x", new StreamReader(ping.DataStream!, Encoding.ASCII).ReadToEnd());

        // An entry without records, named by a GNU long-name block: the tap follows the extra block and clears.
        Assert.Equal(longName, reader.GetNextEntry()!.Name);
        Assert.Empty(tap.Records);

        Assert.Equal("after", reader.GetNextEntry()!.Name);
        Assert.Equal([0x80], tap.Records["SCHILY.xattr.user.after"]);
        Assert.Null(reader.GetNextEntry());
    }
}
