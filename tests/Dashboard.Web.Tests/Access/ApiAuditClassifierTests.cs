using Dashboard.Web.Access;

namespace Dashboard.Web.Tests.Access;

public sealed class ApiAuditClassifierTests
{
    [Theory]
    [InlineData("POST", "/v1.44/containers/create", "container.create", null)]
    [InlineData("POST", "/containers/create", "container.create", null)]
    [InlineData("POST", "/api/containers", "container.create", null)]
    [InlineData("POST", "/v1.44/containers/web/start", "container.start", "web")]
    [InlineData("POST", "/api/containers/web/stop", "container.stop", "web")]
    [InlineData("POST", "/v1.24/containers/abc/kill", "container.kill", "abc")]
    [InlineData("DELETE", "/v1.44/containers/web", "container.remove", "web")]
    [InlineData("DELETE", "/api/containers/web", "container.remove", "web")]
    [InlineData("POST", "/v1.44/containers/web/update", "container.update", "web")]
    [InlineData("POST", "/api/containers/web/limits", "container.update", "web")]
    [InlineData("POST", "/v1.44/images/load", "image.load", null)]
    [InlineData("POST", "/v1.44/images/create", "image.import", null)]
    [InlineData("POST", "/api/images/import", "image.import", null)]
    [InlineData("DELETE", "/v1.44/images/busybox:latest", "image.remove", "busybox:latest")]
    [InlineData("DELETE", "/api/images/registry:5000/x/y:1", "image.remove", "registry:5000/x/y:1")]
    [InlineData("POST", "/api/setup-link", "setup-link.create", null)]
    [InlineData("PUT", "/v1.44/containers/web/archive", "container.copy-in", "web")]
    [InlineData("PUT", "/containers/web/archive", "container.copy-in", "web")]
    [InlineData("PUT", "/api/containers/web/archive", "container.copy-in", "web")]
    public void State_changing_calls_are_named(string method, string path, string action, string? target)
    {
        var audited = ApiAuditClassifier.Classify(method, path);
        Assert.NotNull(audited);
        Assert.Equal(action, audited.Action);
        Assert.Equal(target, audited.Target);
    }

    /// <summary>The one read that is audited: files copied out of a container can be its secrets.</summary>
    [Theory]
    [InlineData("/v1.44/containers/web/archive")]
    [InlineData("/containers/web/archive")]
    [InlineData("/api/containers/web/archive")]
    public void A_copy_out_is_recorded_though_it_is_a_read(string path)
    {
        var audited = ApiAuditClassifier.Classify("GET", path);
        Assert.Equal(new ApiAuditClassifier.AuditedAction("container.copy-out", "web"), audited);
    }

    [Theory]
    [InlineData("GET", "/v1.44/containers/json")]
    [InlineData("HEAD", "/_ping")]
    [InlineData("HEAD", "/v1.44/containers/web/archive")]
    [InlineData("GET", "/api/containers/web/logs")]
    [InlineData("POST", "/v1.44/containers/web/wait")]
    [InlineData("POST", "/v1.44/containers/web/attach")]
    [InlineData("POST", "/hubs/engine/negotiate")]
    [InlineData("POST", "/access/login")]
    public void Reads_waits_and_streams_are_not_actions(string method, string path) =>
        Assert.Null(ApiAuditClassifier.Classify(method, path));
}
