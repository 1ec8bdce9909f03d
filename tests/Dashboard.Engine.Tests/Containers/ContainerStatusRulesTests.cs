using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Tests.Containers;

public sealed class ContainerStatusRulesTests
{
    [Theory]
    [InlineData(ContainerStatus.Created, true, false, false, true)]
    [InlineData(ContainerStatus.Running, false, true, true, false)]
    [InlineData(ContainerStatus.Paused, false, true, false, false)]
    [InlineData(ContainerStatus.Exited, true, false, false, true)]
    [InlineData(ContainerStatus.Removing, false, false, false, false)]
    public void Rules_match_docker(ContainerStatus status, bool canStart, bool canKill, bool canPause, bool canRemove)
    {
        Assert.Equal(canStart, status.CanStart());
        Assert.Equal(canKill, status.CanKill());
        Assert.Equal(canPause, status.CanPause());
        Assert.Equal(canRemove, status.CanRemoveWithoutForce());
    }

    [Fact]
    public void Docker_names_are_lower_case() => Assert.Equal("exited", ContainerStatus.Exited.DockerName());
}
