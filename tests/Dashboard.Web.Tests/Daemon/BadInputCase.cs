namespace Dashboard.Web.Tests.Daemon;

/// <summary>One row of the bad-input table: a request, the status it must get and a phrase the error text must
/// contain, so the person reading it knows what to change.</summary>
public sealed record BadInputCase(string Method, string Path, int Status, string Expected)
{
    /// <summary>JSON (or deliberately broken JSON) text; null for no body.</summary>
    public string? Json { get; init; }

    /// <summary>A raw non-JSON body (archives).</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>Send the body with chunked transfer encoding and no Content-Length, as the docker CLI does.</summary>
    public bool Chunked { get; init; }

    /// <summary>Extra request headers (X-Registry-Auth).</summary>
    public Dictionary<string, string>? Headers { get; init; }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Json is not null && Chunked)
        {
            request.Content = new ChunkedContent(System.Text.Encoding.UTF8.GetBytes(Json));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        else if (Json is not null) request.Content = new StringContent(Json, System.Text.Encoding.UTF8, "application/json");
        else if (Bytes is not null) request.Content = new ByteArrayContent(Bytes);
        foreach (var (name, value) in Headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>Content whose length is not known up front, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A JSON string of <paramref name="length"/> copies of <paramref name="c"/>, quoted.</summary>
    public static string Quoted(char c, int length) => "\"" + new string(c, length) + "\"";

    /// <summary>4 KiB of seeded noise: neither a tar, a gzip nor JSON.</summary>
    public static byte[] Garbage()
    {
        var bytes = new byte[4096];
        new Random(20261128).NextBytes(bytes);
        bytes[0] = (byte)'!'; // not the gzip magic, whatever the seed gives
        return bytes;
    }

    /// <summary>One byte over <see cref="BadInputDaemonFixture.UploadLimit"/> (4 MiB).</summary>
    public static byte[] OverUploadLimit() => new byte[4 * 1024 * 1024 + 1];

    /// <summary>A gzip rootfs of 16 MiB of zeros (a few KiB on the wire), over
    /// <see cref="BadInputDaemonFixture.UnpackedLimit"/>.</summary>
    public static byte[] GzipBomb() => Fakes.TestArchives.GzipBomb(files: 64, fileSize: 256 * 1024);

    /// <summary>A docker save whose one layer is <see cref="GzipBomb"/>.</summary>
    public static byte[] SaveWithGzipBomb() => Fakes.TestArchives.DockerSave("edge-bomb:1", GzipBomb());

    /// <summary>A well-formed tar holding one file and no manifest.json or index.json.</summary>
    public static byte[] TarWithoutManifest()
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(stream, leaveOpen: true))
        {
            var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream("hello\n"u8.ToArray()),
            };
            writer.WriteEntry(entry);
        }
        return stream.ToArray();
    }
}
