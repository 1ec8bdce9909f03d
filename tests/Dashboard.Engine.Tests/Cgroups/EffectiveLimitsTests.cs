using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Cgroups;

/// <summary>The one rule per limit (issue 10 point 4): what the stats, and so every view of a limit, call the memory
/// and the CPUs a container may use; and the CPUs it was configured with, which inspect and the Limits tab show.</summary>
public sealed class EffectiveLimitsTests
{
    private const ulong Host = 8UL << 30;

    [Theory]
    [InlineData(33_554_432UL, Host, 33_554_432UL)]  // the cgroup's limit
    [InlineData(99_999_744UL, Host, 99_999_744UL)]  // as the kernel holds it (page-rounded), not as configured
    [InlineData(null, Host, null)]                  // unlimited ("max", -1, v1's page-counter maximum)
    [InlineData(Host, Host, null)]                  // not below the host's memory: limits nothing
    [InlineData(Host * 4, Host, null)]
    [InlineData(Host * 4, 0UL, Host * 4)]           // host memory unknown: the cgroup's limit as it is
    public void Memory_is_the_cgroups_limit_below_the_hosts_memory(ulong? cgroupLimit, ulong hostMemory, ulong? expected) =>
        Assert.Equal(expected, EffectiveLimits.MemoryBytes(cgroupLimit, hostMemory));

    [Theory]
    [InlineData(0.25, 0, 2, 0.25)]
    [InlineData(4.0, 2, 8, 2.0)]   // quota above the cpuset: the cpuset bounds it
    [InlineData(1.5, 4, 8, 1.5)]   // cpuset above the quota: the quota
    [InlineData(null, 1, 2, 1.0)]  // cpuset smaller than the host
    [InlineData(null, 2, 2, null)] // cpuset = the whole host: unlimited
    [InlineData(null, 0, 2, null)]
    [InlineData(4.0, 0, 2, null)]  // a quota above the host's CPUs limits nothing
    [InlineData(2.0, 0, 2, null)]
    [InlineData(4.0, 0, 0, 4.0)]   // host CPUs unknown: the quota as it is
    public void Cpus_are_the_quota_bounded_by_the_cpuset_below_the_hosts_cpus(double? quota, int cpuset, int hostCpus, double? expected) =>
        Assert.Equal(expected, EffectiveLimits.Cpus(quota, cpuset, hostCpus));

    [Theory]
    [InlineData(1_500_000_000L, 150_000L, 100_000L, "1.5")]     // --cpus is kept exactly, whatever quota it became
    [InlineData(333_333_333L, 33_333L, 100_000L, "0.333333333")]
    [InlineData(null, 25_000L, 100_000L, "0.25")]              // --cpu-quota over --cpu-period
    [InlineData(null, 1L, 3L, "0.333333")]
    [InlineData(null, 25_000L, null, null)]                    // a quota without its period is no CPU count
    [InlineData(null, null, null, null)]
    public void Configured_cpus_are_nano_cpus_else_quota_over_period(long? nano, long? quota, long? period, string? expected) =>
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            new ResourceLimits { NanoCpus = nano, CpuQuota = quota, CpuPeriod = period }.Cpus);
}
