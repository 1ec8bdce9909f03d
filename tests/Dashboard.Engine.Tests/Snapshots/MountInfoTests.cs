using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Tests.Snapshots;

public sealed class MountInfoTests
{
    [Fact]
    public void Mount_point_is_the_fifth_field_with_octal_escapes_decoded()
    {
        const string line = @"36 35 0:31 / /var/lib/dash\040data/containers/abc/rootfs rw,relatime shared:1 - overlay overlay rw,lowerdir=/a";

        Assert.Equal("/var/lib/dash data/containers/abc/rootfs", MountInfo.ParseMountPoint(line));
    }

    [Fact]
    public void Malformed_lines_are_ignored()
    {
        Assert.Null(MountInfo.ParseMountPoint("garbage"));
    }

    [Fact]
    public void Reads_a_fixture_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                "40 22 0:40 / /data/containers/c1/rootfs rw,relatime - overlay overlay rw,lowerdir=/x,upperdir=/u,workdir=/w",
            ]);

            Assert.True(MountInfo.IsMountPoint("/data/containers/c1/rootfs", path));
            Assert.True(MountInfo.IsMountPoint("/data/containers/c1/rootfs/", path));
            Assert.False(MountInfo.IsMountPoint("/data/containers/c2/rootfs", path));
            Assert.Equal(["/", "/data/containers/c1/rootfs"], MountInfo.MountPoints(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
