using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Bad input against the real daemon: every row must get its 4xx (never a 500), an error body a person can act on,
/// and leave no trace: the container list, the image list, the data root's containers dir and the cgroup parent
/// are the same after the request as before it.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class BadInputTableTests(BadInputDaemonFixture fixture) : IClassFixture<BadInputDaemonFixture>
{
    [SkippableTheory]
    [MemberData(nameof(BadInputTable.NativeNames), MemberType = typeof(BadInputTable))]
    public async Task Native_api_rejects(string name)
    {
        var d = fixture.RequireDaemon();
        var row = BadInputTable.Native[name];
        var (status, contentType, body) = await SendUnchangedAsync(d, row);

        Assert.True(row.Status == status, $"{name}: expected {row.Status}, got {status}: {body}");
        Assert.Equal("application/problem+json", contentType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(row.Status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), body);
        var text = ProblemText(problem);
        Assert.False(string.IsNullOrWhiteSpace(text), $"{name}: the problem says nothing: {body}");
        Assert.True(text.Contains(row.Expected, StringComparison.Ordinal), $"{name}: expected \"{row.Expected}\" in: {text}");
    }

    [SkippableTheory]
    [MemberData(nameof(BadInputTable.DockerNames), MemberType = typeof(BadInputTable))]
    public async Task Docker_api_rejects(string name)
    {
        var d = fixture.RequireDaemon();
        var row = BadInputTable.Docker[name];
        var (status, contentType, body) = await SendUnchangedAsync(d, row);

        Assert.True(row.Status == status, $"{name}: expected {row.Status}, got {status}: {body}");
        // The docker CLI only decodes an error body whose Content-Type is exactly application/json.
        Assert.Equal("application/json", contentType);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? "";
        Assert.False(string.IsNullOrWhiteSpace(message), body);
        Assert.True(message.Contains(row.Expected, StringComparison.Ordinal), $"{name}: expected \"{row.Expected}\" in: {message}");
    }

    /// <summary>Sends the row and checks that nothing was created, removed or changed by it.</summary>
    private async Task<(int Status, string? ContentType, string Body)> SendUnchangedAsync(DaemonProcess d, BadInputCase row)
    {
        var before = await SnapshotAsync(d);
        using var request = row.ToRequest();
        using var response = await d.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var after = await SnapshotAsync(d);
        Assert.True(before == after, $"state changed:\nbefore: {before}\nafter:  {after}\nresponse: {(int)response.StatusCode} {body}");
        Assert.Equal(fixture.StoppedId, JsonDocument.Parse(await d.Http.GetStringAsync($"/api/containers/{BadInputDaemonFixture.Stopped}")).RootElement.GetProperty("id").GetString());
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }

    private static async Task<string> SnapshotAsync(DaemonProcess d)
    {
        var containers = JsonDocument.Parse(await d.Http.GetStringAsync("/api/containers?all=true")).RootElement
            .EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}={c.GetProperty("status").GetString()}").Order();
        var images = JsonDocument.Parse(await d.Http.GetStringAsync("/api/images")).RootElement
            .EnumerateArray().Select(i => i.GetProperty("id").GetString() + string.Join('+', i.GetProperty("repoTags").EnumerateArray().Select(t => t.GetString()))).Order();
        return $"containers [{string.Join(' ', containers)}] images [{string.Join(' ', images)}] "
            + $"dirs [{string.Join(' ', Entries(Path.Combine(d.DataRoot, "containers")))}] "
            + $"layers [{string.Join(' ', Entries(Path.Combine(d.DataRoot, "image/layers")))}] "
            + $"image-tmp [{string.Join(' ', Entries(Path.Combine(d.DataRoot, "image/tmp")))}] "
            + $"cgroups [{string.Join(' ', Entries($"/sys/fs/cgroup/memory/{d.CgroupParent}", directoriesOnly: true))}]";
    }

    private static IEnumerable<string> Entries(string dir, bool directoriesOnly = false) =>
        !Directory.Exists(dir) ? []
        : (directoriesOnly ? Directory.GetDirectories(dir) : Directory.GetFileSystemEntries(dir)).Select(Path.GetFileName).Order()!;

    /// <summary>Detail plus every field error: what a client shows the person.</summary>
    private static string ProblemText(JsonElement problem)
    {
        var parts = new List<string>();
        if (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String) parts.Add(detail.GetString()!);
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            foreach (var field in errors.EnumerateObject())
                parts.AddRange(field.Value.EnumerateArray().Select(m => $"{field.Name}: {m.GetString()}"));
        return string.Join("\n", parts);
    }
}
