using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Tests.Stats;

public sealed class StatsRatesTests
{
    [Fact]
    public void Delta_never_goes_negative() => Assert.Equal(0UL, StatsRates.Delta(5, 10));

    [Fact]
    public void Percent_uses_host_cpu_time_like_docker_and_falls_back_to_wall_clock()
    {
        Assert.Equal(50, StatsRates.PercentOfOneCpu(500, 2000, 2, 1e9), 6);
        Assert.Equal(25, StatsRates.PercentOfOneCpu(250_000_000, 0, 2, 1e9), 6);
        Assert.Equal(0, StatsRates.PercentOfOneCpu(0, 100, 2, 1e9));
    }
}
