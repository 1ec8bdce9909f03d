using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

public sealed class PasswdResolverTests : IDisposable
{
    private readonly string _rootfs = Directory.CreateTempSubdirectory("dashboard-passwd-").FullName;

    public PasswdResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc"));
        File.WriteAllText(Path.Combine(_rootfs, "etc/passwd"),
            "root:x:0:0:root:/root:/bin/sh\n# comment\nwww:x:82:82:www:/var/www:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        File.WriteAllText(Path.Combine(_rootfs, "etc/group"),
            "root:x:0:root\nwheel:x:10:root,www\nwww:x:82:\nstaff:x:50:www\nnogroup:x:65534:\n");
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);

    [Theory]
    [InlineData(null, 0U, 0U, new uint[] { 10 })]
    [InlineData("root", 0U, 0U, new uint[] { 10 })]
    [InlineData("www", 82U, 82U, new uint[] { 10, 50 })]
    [InlineData("82", 82U, 82U, new uint[] { 10, 50 })]
    [InlineData("www:staff", 82U, 50U, new uint[0])]
    [InlineData("www:7", 82U, 7U, new uint[0])]
    [InlineData("1234", 1234U, 0U, new uint[0])]
    [InlineData("1234:1234", 1234U, 1234U, new uint[0])]
    [InlineData("nobody", 65534U, 65534U, new uint[0])]
    public void Resolves_users_like_runc(string? user, uint uid, uint gid, uint[] additional)
    {
        var resolved = PasswdResolver.Resolve(_rootfs, user);
        Assert.Equal((uid, gid), (resolved.Uid, resolved.Gid));
        Assert.Equal(additional, resolved.AdditionalGids);
    }

    [Theory]
    [InlineData("ghost", "unable to find user ghost")]
    [InlineData("www:ghosts", "unable to find group ghosts")]
    [InlineData("a:b:c", "invalid user")]
    public void Unknown_names_are_errors(string user, string message)
    {
        var ex = Assert.Throws<ValidationException>(() => PasswdResolver.Resolve(_rootfs, user));
        Assert.Equal("user", Assert.Single(ex.Errors).Field);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Missing_passwd_allows_numeric_ids_only()
    {
        var empty = Directory.CreateTempSubdirectory("dashboard-passwd-empty-").FullName;
        try
        {
            var resolved = PasswdResolver.Resolve(empty, "5:6");
            Assert.Equal((5U, 6U), (resolved.Uid, resolved.Gid));
            Assert.Throws<ValidationException>(() => PasswdResolver.Resolve(empty, "www"));
        }
        finally { Directory.Delete(empty, true); }
    }

    [Fact]
    public void An_absolute_symlink_to_the_host_passwd_is_resolved_inside_the_rootfs()
    {
        // The image points /etc/passwd at "/etc/host-passwd": that must mean <rootfs>/etc/host-passwd, never the host's file.
        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        File.WriteAllText(Path.Combine(_rootfs, "etc/host-passwd"), "inside:x:4242:4242::/:/bin/sh\n");
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc/passwd"), "/etc/host-passwd");
        Assert.Equal(4242U, PasswdResolver.Resolve(_rootfs, "inside").Uid);

        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc/passwd"), "../../../../../../etc/passwd");
        // Resolves to <rootfs>/etc/passwd itself (a loop), which is treated as no file: "root" is unknown.
        Assert.Throws<ValidationException>(() => PasswdResolver.Resolve(_rootfs, "root"));
    }
}
