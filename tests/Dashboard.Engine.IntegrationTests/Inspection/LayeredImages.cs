using System.Formats.Tar;
using Dashboard.Engine.Images;
using Dashboard.Engine.IntegrationTests.Images;

namespace Dashboard.Engine.IntegrationTests.Inspection;

/// <summary>A three-layer image built from the host's static busybox: the binary, its applet links, and an /etc/passwd
/// with a user of its own, so that layer digests and user names can be checked against a known image.</summary>
internal static class LayeredImages
{
    public static async Task<ImageRecord> LoadAsync(IImageService images, string tag)
    {
        var binary = StoreFixture.Tar(w =>
        {
            StoreFixture.Dir(w, "bin/");
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox")
            {
                Mode = (UnixFileMode)0b111_101_101, DataStream = new MemoryStream(File.ReadAllBytes("/bin/busybox")),
            });
        });
        var links = StoreFixture.Tar(w =>
        {
            foreach (var applet in new[] { "sh", "sleep", "cat" })
                w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{applet}") { LinkName = "busybox" });
        });
        var etc = StoreFixture.Tar(w =>
        {
            StoreFixture.Dir(w, "etc/");
            StoreFixture.File(w, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\ninspector:x:4321:4321::/:/bin/sh\n");
        });
        var loaded = await images.LoadAsync(new MemoryStream(StoreFixture.DockerSave(tag, binary, links, etc)), CancellationToken.None);
        var image = Assert.Single(loaded);
        Assert.Equal(3, image.Layers.Count);
        return image;
    }
}
