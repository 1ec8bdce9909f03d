using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Images;
using Dashboard.Contracts.Logs;
using Dashboard.Web.Tests.Fakes;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>NDJSON logs (plain and followed) and the /api/images contract.</summary>
public sealed class LogsAndImagesRestTests : IAsyncLifetime
{
    private NativeApiHost _host = null!;

    public async Task InitializeAsync() => _host = await NativeApiHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task RunAsync(string name, string script, bool start = true)
    {
        var body = JsonSerializer.Serialize(new CreateContainerDto { Name = name, Image = "busybox", Cmd = ["sh", "-c", script] }, ContractJson.Options);
        using var response = await _host.Http.PostAsync($"api/containers?start={start}", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task WaitExitedAsync(string name)
    {
        using var r = await _host.Http.PostAsync($"api/containers/{name}/wait", null);
        r.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Logs_are_ndjson_one_line_dto_per_line_with_stream_and_tail()
    {
        await RunAsync("talk", "echo one; echo two >&2; echo three");
        await WaitExitedAsync("talk");
        using var response = await _host.Http.GetAsync("api/containers/talk/logs");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var dtos = lines.Select(l => JsonSerializer.Deserialize<LogLineDto>(l, ContractJson.Options)!).ToArray();
        Assert.Equal(["one\n", "two\n", "three\n"], dtos.Select(d => d.Text));
        Assert.Equal([LogLineDto.Stdout, LogLineDto.Stderr, LogLineDto.Stdout], dtos.Select(d => d.Stream));
        Assert.Contains("\"stream\":\"stderr\"", lines[1]);

        var tail = await _host.Http.GetStringAsync("api/containers/talk/logs?tail=1");
        Assert.Equal("three\n", JsonSerializer.Deserialize<LogLineDto>(tail.Trim(), ContractJson.Options)!.Text);
    }

    [Fact]
    public async Task Follow_streams_lines_as_they_are_written_and_ends_when_the_container_stops()
    {
        await RunAsync("slow", "echo first; sleep inf");
        using var response = await _host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/containers/slow/logs?follow=true"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("first\n", JsonSerializer.Deserialize<LogLineDto>(first!, ContractJson.Options)!.Text);

        var end = reader.ReadLineAsync();
        await Task.Delay(100);
        Assert.False(end.IsCompleted, "the stream ended while the container was running");
        (await _host.Http.PostAsync("api/containers/slow/stop?timeout=1", null)).Dispose();
        Assert.Null(await end.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Bad_log_parameters_are_400()
    {
        await RunAsync("quiet", "exit 0", start: false);
        using var tail = await _host.Http.GetAsync("api/containers/quiet/logs?tail=lots");
        Assert.Equal(HttpStatusCode.BadRequest, tail.StatusCode);
        using var since = await _host.Http.GetAsync("api/containers/quiet/logs?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, since.StatusCode);
        Assert.Contains("since", await since.Content.ReadAsStringAsync());
        using var ok = await _host.Http.GetAsync("api/containers/quiet/logs?since=10m&tail=all");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Images_list_import_load_and_remove()
    {
        var before = await _host.Http.GetFromJsonAsync<ImageDto[]>("api/images", ContractJson.Options);
        Assert.Equal(["busybox:latest"], before!.Single().RepoTags);

        using var import = await _host.Http.PostAsync("api/images/import?reference=mine:v1&message=hello", new ByteArrayContent(TestArchives.Rootfs()));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var imported = (await import.Content.ReadFromJsonAsync<ImageDto>(ContractJson.Options))!;
        Assert.Equal(["mine:v1"], imported.RepoTags);
        Assert.Equal("hello", imported.Comment);
        Assert.StartsWith("sha256:", imported.Id);

        using var load = await _host.Http.PostAsync("api/images/load", new ByteArrayContent(TestArchives.DockerSave("other:2")));
        Assert.Equal(["other:2"], (await load.Content.ReadFromJsonAsync<ImageDto[]>(ContractJson.Options))!.Single().RepoTags);

        using var rmi = await _host.Http.DeleteAsync("api/images/mine:v1");
        var removed = (await rmi.Content.ReadFromJsonAsync<ImageDeleteDto[]>(ContractJson.Options))!;
        Assert.Equal("mine:v1", removed[0].Untagged);
        Assert.Equal(imported.Id, removed[1].Deleted);
    }

    [Fact]
    public async Task Image_errors_are_problems_400_404_409()
    {
        using var bad = await _host.Http.PostAsync("api/images/import", new StringContent("this is not a tarball"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not a valid tar", await bad.Content.ReadAsStringAsync());

        using var missing = await _host.Http.DeleteAsync("api/images/docker.io/library/nothing:latest");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await RunAsync("user", "exit 0", start: false);
        using var inUse = await _host.Http.DeleteAsync("api/images/docker.io/library/busybox:latest");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("is using its referenced image", await inUse.Content.ReadAsStringAsync());
    }
}
