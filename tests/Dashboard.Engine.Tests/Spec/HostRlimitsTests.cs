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
    public void Reads_hard_limits_and_unlimited_as_null() =>
        Assert.Equal(new HostRlimits(20_000, null), HostRlimits.Parse(Limits));

    [Fact]
    public void Reads_this_process()
    {
        var limits = HostRlimits.Read();
        Assert.NotNull(limits.NofileHard);
        Assert.True(limits.NofileHard > 0);
    }
}
