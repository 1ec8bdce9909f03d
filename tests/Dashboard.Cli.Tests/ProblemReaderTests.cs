using Dashboard.Cli.Client;

namespace Dashboard.Cli.Tests;

public sealed class ProblemReaderTests
{
    [Fact]
    public void Reads_an_rfc7807_validation_problem_with_field_errors()
    {
        var problem = ProblemReader.Read(
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request is not valid.","status":400,"detail":"bad memory","errors":{"memory":["invalid size \"200x\""]},"traceId":"00-ab"}""",
            400, "Bad Request");
        Assert.Equal("The request is not valid.", problem.Title);
        Assert.Equal("bad memory", problem.Detail);
        Assert.Equal(["invalid size \"200x\""], problem.Errors!["memory"]);
    }

    [Fact]
    public void Reads_a_docker_style_message()
    {
        var problem = ProblemReader.Read("""{"message":"The API is only served on the daemon's unix socket"}""", 403, "Forbidden");
        Assert.Equal("The API is only served on the daemon's unix socket", problem.Detail);
    }

    [Theory]
    [InlineData("", "404 Not Found", null)]
    [InlineData("upstream exploded", "502 Bad Gateway", "upstream exploded")]
    [InlineData("{}", "500 Internal Server Error", null)]
    public void Anything_else_still_reads(string body, string title, string? detail)
    {
        var status = int.Parse(title[..3]);
        var problem = ProblemReader.Read(body, status, title[4..]);
        Assert.Equal(title, problem.Title);
        Assert.Equal(detail, problem.Detail);
    }
}
