using System.Diagnostics;
using System.Text;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>Attach through conmon's attach socket, with real conmon and runc.</summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class AttachTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CreateContainerRequest Sh(string script, string? name = null) =>
        new() { Image = "busybox", Name = name, Cmd = ["sh", "-c", script] };

    private static async Task<(string Stdout, string Stderr)> ReadToEndAsync(IContainerAttachment attachment)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        while (await attachment.ReadAsync(timeout.Token) is { } chunk)
            (chunk.Stream == LogStream.Stderr ? stderr : stdout).Append(Encoding.UTF8.GetString(chunk.Data.Span));
        return (stdout.ToString(), stderr.ToString());
    }

    [SkippableFact]
    public async Task An_attach_made_before_the_start_gets_every_byte_with_stdout_and_stderr_apart()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        for (var run = 0; run < 10; run++)
        {
            var created = await f.Engine.CreateAsync(Sh("echo out; echo err >&2; printf 'no newline'"), CancellationToken.None);
            await using var attachment = await f.Engine.AttachAsync(created.Id, new AttachRequest(), CancellationToken.None);
            var exit = f.Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
            await f.Engine.StartAsync(created.Id, CancellationToken.None);
            var (stdout, stderr) = await ReadToEndAsync(attachment);
            Assert.Equal("out\nno newline", stdout);
            Assert.Equal("err\n", stderr);
            Assert.Equal(0, (await exit.WaitAsync(Patience)).StatusCode);
            await f.Engine.RemoveAsync(created.Id, force: false, CancellationToken.None);
        }
    }

    [SkippableFact]
    public async Task Stdin_written_before_the_start_reaches_the_process_and_closing_it_ends_the_run()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(
            new CreateContainerRequest { Image = "busybox", Cmd = ["cat"], OpenStdin = true, StdinOnce = true, AttachStdin = true },
            CancellationToken.None);
        Assert.True(f.Engine.Get(created.Id).Config.OpenStdin);
        await using var attachment = await f.Engine.AttachAsync(created.Id, new AttachRequest { Stdin = true }, CancellationToken.None);
        Assert.True(attachment.Stdin);
        // As the docker CLI does: the input is sent (and ended) as soon as the attach is up, before the start.
        var input = Task.Run(async () =>
        {
            Assert.True(await attachment.WriteStdinAsync("hello\nworld\n"u8.ToArray(), CancellationToken.None));
            await attachment.CloseStdinAsync(CancellationToken.None);
        });
        var exit = f.Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        await input.WaitAsync(Patience);
        Assert.Equal(("hello\nworld\n", ""), await ReadToEndAsync(attachment));
        Assert.Equal(0, (await exit.WaitAsync(Patience)).StatusCode);
    }

    [SkippableFact]
    public async Task Input_is_ignored_for_a_container_without_an_open_stdin()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(Sh("cat; echo done"), CancellationToken.None);
        await using var attachment = await f.Engine.AttachAsync(created.Id, new AttachRequest { Stdin = true }, CancellationToken.None);
        Assert.False(attachment.Stdin);
        Assert.False(await attachment.WriteStdinAsync("ignored\n"u8.ToArray(), CancellationToken.None));
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        // stdin is /dev/null: cat ends at once.
        Assert.Equal(("done\n", ""), await ReadToEndAsync(attachment));
    }

    [SkippableFact]
    public async Task An_attach_to_a_running_container_sees_new_output_and_ends_with_the_run()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        // docker run -d -i: stdin stays open across attaches (no StdinOnce).
        var c = await f.RunAsync(new CreateContainerRequest
        {
            Image = "busybox", Cmd = ["sh", "-c", "echo before; read line; echo \"got $line\"; echo bye >&2; exit 3"], OpenStdin = true,
        });
        await WaitForLogAsync(f, c.Id, "before\n");
        await using var attachment = await f.Engine.AttachAsync(c.Id, new AttachRequest { Stdin = true }, CancellationToken.None);
        Assert.True(await attachment.WriteStdinAsync("abc\n"u8.ToArray(), CancellationToken.None));
        var exit = f.Engine.WaitAsync(c.Id, WaitCondition.NotRunning, CancellationToken.None);
        Assert.Equal(("got abc\n", "bye\n"), await ReadToEndAsync(attachment));
        Assert.Equal(3, (await exit.WaitAsync(Patience)).StatusCode);
    }

    [SkippableFact]
    public async Task An_attach_has_the_whole_output_even_when_the_log_keeps_only_its_end()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(Sh("seq 1 30000") with
        {
            LogOptions = new Dictionary<string, string> { ["max-size"] = "100k", ["max-file"] = "1" },
        }, CancellationToken.None);
        await using var attachment = await f.Engine.AttachAsync(created.Id, new AttachRequest(), CancellationToken.None);
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        var (stdout, _) = await ReadToEndAsync(attachment);
        Assert.Equal(string.Concat(Enumerable.Range(1, 30000).Select(i => $"{i}\n")), stdout);
        Assert.True((await f.LogsAsync(created.Id)).Length < 100_000, "the log itself was truncated by conmon");
    }

    [SkippableFact]
    public async Task An_attach_without_input_that_leaves_early_does_not_close_a_stdin_once_containers_stdin()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(
            new CreateContainerRequest { Image = "busybox", Cmd = ["cat"], OpenStdin = true, StdinOnce = true }, CancellationToken.None);
        await using var input = await f.Engine.AttachAsync(created.Id, new AttachRequest { Stdin = true }, CancellationToken.None);
        var watcher = await f.Engine.AttachAsync(created.Id, new AttachRequest(), CancellationToken.None);
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        await watcher.DisposeAsync();
        Assert.True(await input.WriteStdinAsync("still open\n"u8.ToArray(), CancellationToken.None));
        await input.CloseStdinAsync(CancellationToken.None);
        Assert.Equal(("still open\n", ""), await ReadToEndAsync(input));
    }

    [SkippableFact]
    public async Task A_reader_that_stopped_reading_does_not_hold_up_a_stop()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(Sh("trap 'exit 0' TERM; while true; do echo flooding the attach socket; done"), CancellationToken.None);
        await using var stalled = await f.Engine.AttachAsync(created.Id, new AttachRequest(), CancellationToken.None);
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        // Read one chunk, then never again: once the attachment's buffer is full its pump holds conmon back, and
        // conmon's writes to this connection (and so the container's) block.
        Assert.NotNull(await stalled.ReadAsync(CancellationToken.None));
        await Eventually.TrueAsync(() => ((ContainerAttachment)stalled).BufferedChunkCount == ContainerAttachment.BufferedChunks,
            "the stalled attachment's buffer to fill");
        var watch = Stopwatch.StartNew();
        Assert.True(await f.Engine.StopAsync(created.Id, 2, null, CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"stop took {watch.Elapsed}");
        Assert.Equal(ContainerStatus.Exited, f.Engine.Get(created.Id).State.Status);
    }

    [SkippableFact]
    public async Task A_pending_attach_ends_when_the_container_is_removed_and_a_disposed_one_is_not_kept()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(Sh("echo hi"), CancellationToken.None);
        var left = await f.Engine.AttachAsync(created.Id, new AttachRequest(), CancellationToken.None);
        await using var waiting = await f.Engine.AttachAsync(created.Id, new AttachRequest(), CancellationToken.None);
        await left.DisposeAsync();
        Assert.Null(await left.ReadAsync(CancellationToken.None));
        Assert.Equal(1, f.Engine.PendingAttachments(created.Id));
        await f.Engine.RemoveAsync(created.Id, force: false, CancellationToken.None);
        Assert.Null(await waiting.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Patience));
    }

    private static Task WaitForLogAsync(EngineFixture f, string id, string text) =>
        Eventually.TrueAsync(async () => (await f.LogsAsync(id)).Contains(text), $"the log to show {text.Trim()}");
}
