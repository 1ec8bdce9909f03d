using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(RestartPolicyKind.No, 0, 1, 0, false, false)]
    [InlineData(RestartPolicyKind.Always, 0, 0, 5, false, true)]
    [InlineData(RestartPolicyKind.Always, 0, 0, 5, true, false)]
    [InlineData(RestartPolicyKind.UnlessStopped, 0, 1, 0, true, false)]
    [InlineData(RestartPolicyKind.OnFailure, 0, 0, 0, false, false)]
    [InlineData(RestartPolicyKind.OnFailure, 0, 1, 100, false, true)]
    [InlineData(RestartPolicyKind.OnFailure, 3, 1, 2, false, true)]
    [InlineData(RestartPolicyKind.OnFailure, 3, 1, 3, false, false)]
    public void Policies_decide_like_docker(RestartPolicyKind kind, int max, int exitCode, int restarts, bool stoppedByUser, bool expected) =>
        Assert.Equal(expected, RestartBackoff.ShouldRestart(new RestartPolicy(kind, max), exitCode, restarts, stoppedByUser));

    [Fact]
    public void Delay_doubles_from_100ms_and_is_capped_at_a_minute()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), RestartBackoff.Delay(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), RestartBackoff.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(800), RestartBackoff.Delay(3));
        Assert.Equal(TimeSpan.FromMinutes(1), RestartBackoff.Delay(30));
    }
}
