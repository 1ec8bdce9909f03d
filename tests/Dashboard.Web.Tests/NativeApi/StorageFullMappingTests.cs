using Dashboard.Engine;
using Dashboard.Web.DockerApi;
using Dashboard.Web.NativeApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>Issue 9 point 3: a full disk is a 507 at both edges, with the engine's message that names the data root
/// (it was a 500, and the native API's body was empty for SQLite's own error).</summary>
public sealed class StorageFullMappingTests
{
    private static readonly StorageFullException Full = new("/srv/dashboard", "SQLite could not write dashboard.db");

    [Fact]
    public void The_docker_api_answers_507()
    {
        Assert.Equal(StatusCodes.Status507InsufficientStorage, DockerErrorMapping.StatusOf(Full));
        Assert.Equal(StatusCodes.Status507InsufficientStorage, DockerErrorMapping.StatusOf(new IOException("No space left on device", 28)));
    }

    [Fact]
    public void The_native_api_answers_a_507_problem_that_says_where()
    {
        Assert.True(ProblemMapper.TryMap(Full, out var result));
        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status507InsufficientStorage, problem.StatusCode);
        Assert.Equal("The disk is full.", problem.ProblemDetails.Title);
        Assert.StartsWith("the disk is full: no space left on the file system of the data root /srv/dashboard", problem.ProblemDetails.Detail);
    }
}
