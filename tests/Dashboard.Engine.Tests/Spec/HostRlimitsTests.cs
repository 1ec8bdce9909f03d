using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

public sealed class HostRlimitsTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units     
        Max cpu time              unlimited            unlimited            seconds   
        Max processes             96365                unlimited            processes 
        Max open files            1024                 20000                files     
        Max locked memory         8388608              8388608              bytes     
        """;

    [Fact]
    public void Reads_hard_limits_and_unlimited_as_null()
    {
        var limits = HostRlimits.Parse(Limits);
        Assert.Equal(20_000UL, limits.NofileHard);
        Assert.Null(limits.NprocHard);
    }

    [Fact]
    public void Reads_every_row_by_docker_ulimit_name()
    {
        var hard = HostRlimits.Parse(Limits).Hard;
        Assert.Equal(20_000UL, hard["nofile"]);
        Assert.Equal(8_388_608UL, hard["memlock"]);
        Assert.Null(hard["cpu"]);
        Assert.Null(hard["nproc"]);
        Assert.False(hard.ContainsKey("stack")); // not in the table: unknown, so --ulimit stack is not checked
    }

    [Fact]
    public void Reads_this_process()
    {
        var limits = HostRlimits.Read();
        Assert.NotNull(limits.NofileHard);
        Assert.True(limits.NofileHard > 0);
    }
}
