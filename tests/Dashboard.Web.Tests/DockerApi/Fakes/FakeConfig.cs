using System.Globalization;
using Dashboard.Engine;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.DockerApi.Fakes;

/// <summary>Just enough of the engine's validator for the fake: plain numbers, decimal CPUs, restart policies.</summary>
internal static class FakeConfig
{
    public static ContainerConfig From(CreateContainerRequest r)
    {
        long? nano = r.Cpus is null ? null : (long)(decimal.Parse(r.Cpus, CultureInfo.InvariantCulture) * 1_000_000_000m);
        if (nano is < 0) throw new ValidationException("cpus", "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        if (nano is not null && (r.CpuPeriod is not null || r.CpuQuota is not null))
            throw new ValidationException("cpus", "Conflicting options: Nano CPUs and CPU Period cannot both be set");
        var policy = r.RestartPolicy?.Split(':') switch
        {
            null or ["no"] => RestartPolicy.No,
            ["always"] => new RestartPolicy(RestartPolicyKind.Always),
            ["unless-stopped"] => new RestartPolicy(RestartPolicyKind.UnlessStopped),
            ["on-failure"] => new RestartPolicy(RestartPolicyKind.OnFailure),
            ["on-failure", var n] => new RestartPolicy(RestartPolicyKind.OnFailure, int.Parse(n, CultureInfo.InvariantCulture)),
            _ => throw new ValidationException("restart", $"invalid restart policy: {r.RestartPolicy}"),
        };
        return new ContainerConfig
        {
            Image = r.Image,
            Cmd = r.Cmd,
            Entrypoint = r.Entrypoint,
            Env = r.Env,
            WorkingDir = r.WorkingDir,
            User = r.User,
            Hostname = r.Hostname,
            Labels = r.Labels,
            Resources = new ResourceLimits
            {
                NanoCpus = nano,
                CpuPeriod = nano is null ? r.CpuPeriod : 100_000,
                CpuQuota = nano is null ? r.CpuQuota : nano * 100_000 / 1_000_000_000,
                CpuShares = r.CpuShares,
                CpusetCpus = r.CpusetCpus,
                MemoryBytes = r.Memory is null ? null : long.Parse(r.Memory, CultureInfo.InvariantCulture),
                MemorySwapBytes = r.MemorySwap is null ? null : long.Parse(r.MemorySwap, CultureInfo.InvariantCulture),
                PidsLimit = r.PidsLimit,
            },
            RestartPolicy = policy,
            NetworkMode = r.NetworkMode == "host" ? NetworkMode.Host : NetworkMode.None,
            Binds = r.Binds.Select(b => b.Split(':')).Select(p => new BindMount(p[0], p[1], p.Length > 2 && p[2] == "ro")).ToList(),
            AutoRemove = r.AutoRemove,
            StopTimeout = r.StopTimeout,
            StopSignal = r.StopSignal,
        };
    }
}
