using System.Net;
using static Dashboard.Web.Tests.Daemon.CpSupport;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>cp's bad input and races: clear 4xx answers in Docker's words, never a 500; a remove racing copies leaves no
/// mount behind; an upload of 1 GiB streams into the container without the daemon holding it in memory.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class CpBadInputAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    [SkippableFact]
    public async Task Bad_input_gets_clear_answers()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await RunAsync(d, "cp-bad", "exec sleep 300", "/bin/sh");
        try
        {
            using var missing = await d.Http.GetAsync("/v1.44/containers/cp-bad/archive?path=/nope");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("Could not find the file /nope in container cp-bad", await missing.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await StatAsync(d, "cp-bad", "/nope")).Status);
            var cli = await RunDocker(d, "cp", "cp-bad:/nope", "-");
            Assert.NotEqual(0, cli.ExitCode);
            Assert.Contains("Could not find the file /nope in container cp-bad", cli.Stderr);

            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Put })
            {
                using var request = new HttpRequestMessage(method, "/v1.44/containers/no-such-container/archive?path=/");
                if (method == HttpMethod.Put) request.Content = new ByteArrayContent(Tar(FileEntry("x", "x")));
                using var unknown = await d.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            }

            var garbage = new byte[4096];
            new Random(7).NextBytes(garbage);
            var notTar = await PutAsync(d, "cp-bad", "/tmp", garbage);
            Assert.Equal(HttpStatusCode.BadRequest, notTar.Status);
            Assert.Contains("not a valid tar", notTar.Body);
            var xz = await PutAsync(d, "cp-bad", "/tmp", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]);
            Assert.Equal(HttpStatusCode.BadRequest, xz.Status);
            Assert.Contains("xz-compressed archives are not supported", xz.Body);

            var toFile = await PutAsync(d, "cp-bad", "/bin/sh", Tar(FileEntry("x", "x")));
            Assert.Equal((HttpStatusCode.BadRequest, true), (toFile.Status, toFile.Body.Contains("extraction point is not a directory")));
            var toMissing = await PutAsync(d, "cp-bad", "/no/such/dir", Tar(FileEntry("x", "x")));
            Assert.Equal(HttpStatusCode.NotFound, toMissing.Status);
            using var noPath = await d.Http.GetAsync("/v1.44/containers/cp-bad/archive");
            Assert.Equal(HttpStatusCode.BadRequest, noPath.StatusCode);
            Assert.Contains("Path cannot be empty", await noPath.Content.ReadAsStringAsync());
            var intoProc = await PutAsync(d, "cp-bad", "/proc", Tar(FileEntry("x", "x")));
            Assert.Equal(HttpStatusCode.BadRequest, intoProc.Status);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(d, "cp-bad", "/proc/self/environ")).Status);
            Assert.Equal(["proc/"], (await GetAsync(d, "cp-bad", "/proc")).Entries.Select(e => e.Name));

            // A gzip upload is read, as Docker reads it.
            var gzipped = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write(Tar(FileEntry("zipped.txt", "unzipped")));
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(d, "cp-bad", "/tmp", gzipped.ToArray())).Status);
            Assert.Equal("unzipped", (await GetAsync(d, "cp-bad", "/tmp/zipped.txt")).Entries.Single().Content);
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-bad");
        }
    }

    /// <summary>Copies in, out and stats against containers being removed under them (running ones and created ones,
    /// whose copies mount a private view): each answers 200, 404 or 409, and nothing stays mounted.</summary>
    [SkippableFact]
    public async Task A_remove_racing_copies_answers_404_or_409_and_leaks_nothing()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var statuses = new List<HttpStatusCode>();
        var tar = Tar(FileEntry("racing.txt", "racing"));
        for (var round = 0; round < 6; round++)
        {
            var name = $"cp-gone-{round}";
            if (round % 2 == 0) await Ok(d, "run", "-d", "--name", name, "busybox", "sleep", "300");
            else await Ok(d, "create", "--name", name, "busybox", "true");
            var copies = Enumerable.Range(0, 8).Select(async i =>
            {
                var path = $"/v1.44/containers/{name}/archive?path=" + (i % 2 == 0 ? "/tmp" : "/etc");
                using var request = new HttpRequestMessage(i % 3 == 0 ? HttpMethod.Put : i % 3 == 1 ? HttpMethod.Get : HttpMethod.Head, path);
                if (request.Method == HttpMethod.Put) request.Content = new ByteArrayContent(tar);
                try
                {
                    using var response = await d.Http.SendAsync(request);
                    if (response.IsSuccessStatusCode) await response.Content.ReadAsByteArrayAsync();
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.OK; // a GET cut off as the container went: no status to judge
                }
            }).ToList();
            var removed = d.Http.DeleteAsync($"/v1.44/containers/{name}?force=1");
            statuses.AddRange(await Task.WhenAll(copies));
            Assert.Equal(HttpStatusCode.NoContent, (await removed).StatusCode);
            using var after = await d.Http.GetAsync($"/v1.44/containers/{name}/archive?path=/");
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"status {s}"));
        await AssertNothingLeakedAsync(d);
    }

    /// <summary>1 GiB of file content goes up as a chunked body (no length known in advance, as the docker CLI sends it):
    /// the daemon writes it into the container as it arrives, so its peak memory grows by far less than the upload.</summary>
    [SkippableFact]
    public async Task A_1_GiB_upload_streams_into_the_container()
    {
        var d = fixture.RequireDaemon();
        const long size = 1L << 30;
        await RunAsync(d, "cp-big", "exec sleep 300", "/bin/sh");
        try
        {
            var before = PeakMemory(d.Pid);
            using var content = new StreamContent(new GeneratedTar("big.bin", size), 1 << 16);
            using var request = new HttpRequestMessage(HttpMethod.Put, "/v1.44/containers/cp-big/archive?path=/tmp") { Content = content };
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            using var http = d.CreateHttpClient(TimeSpan.FromMinutes(5));
            using var response = await http.SendAsync(request, timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var grew = PeakMemory(d.Pid) - before;
            Assert.True(grew < 256L << 20, $"the daemon's peak memory grew by {grew >> 20} MiB for a 1024 MiB upload");
            var (_, stat) = await StatAsync(d, "cp-big", "/tmp/big.bin");
            Assert.Equal(size, stat.GetProperty("size").GetInt64());
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-big");
        }
    }

    /// <summary>VmHWM: the most resident memory the process has had.</summary>
    private static long PeakMemory(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;

    /// <summary>A tar of one file of zeros, produced as it is read: a USTAR header, the data, the padding and the end
    /// blocks, without ever holding more than the reader's buffer.</summary>
    private sealed class GeneratedTar : Stream
    {
        private readonly byte[] _header;
        private readonly long _total;
        private long _position;

        public GeneratedTar(string name, long size)
        {
            var buffer = new MemoryStream();
            using (var writer = new System.Formats.Tar.TarWriter(buffer, System.Formats.Tar.TarEntryFormat.Ustar, leaveOpen: true))
                writer.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name) { DataStream = new MemoryStream() });
            _header = buffer.ToArray()[..512];
            // The size field (octal, 11 digits) and the checksum are rewritten for the real size.
            System.Text.Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0')).CopyTo(_header, 124);
            for (var i = 148; i < 156; i++) _header[i] = (byte)' ';
            var sum = _header.Sum(b => (long)b);
            System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0')).CopyTo(_header, 148);
            _header[154] = 0;
            _total = 512 + (size + 511) / 512 * 512 + 1024;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _total - _position);
            if (n <= 0) return 0;
            Array.Clear(buffer, offset, n);
            if (_position < 512)
            {
                var h = (int)Math.Min(n, 512 - _position);
                Array.Copy(_header, _position, buffer, offset, h);
            }
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
