using System.Globalization;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>--cpus, --cpu-period, --cpu-quota, --cpu-shares, --cpuset-cpus.</summary>
internal static class CpuRules
{
    public static ResourceLimits Validate(CreateContainerRequest request, HostLimits host, ValidationErrors errors)
    {
        long? nanoCpus = null;
        if (!string.IsNullOrWhiteSpace(request.Cpus))
        {
            if (!CpuQuantity.TryParseNanoCpus(request.Cpus, out var nanos, out var error))
                errors.Add("cpus", error);
            else if (nanos < 0 || nanos > host.CpuCount * CpuQuantity.NanosPerCpu || (nanos > 0 && nanos < CpuQuantity.NanosPerCpu / 100))
                errors.Add("cpus", $"Range of CPUs is from 0.01 to {host.CpuCount}.00, as there are only {host.CpuCount} CPUs available (got {request.Cpus})");
            else if (nanos > 0)
                nanoCpus = nanos; // 0 means "no limit", as in Docker
        }

        if (nanoCpus is not null && request.CpuPeriod is > 0)
            errors.Add("cpus", "Conflicting options: Nano CPUs and CPU Period cannot both be set: use either --cpus or --cpu-period/--cpu-quota");
        if (nanoCpus is not null && request.CpuQuota is > 0)
            errors.Add("cpus", "Conflicting options: Nano CPUs and CPU Quota cannot both be set: use either --cpus or --cpu-period/--cpu-quota");

        if (request.CpuPeriod is { } period && period != 0 && period is < 1000 or > 1_000_000)
            errors.Add("cpu-period", $"CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000), got {period}");
        if (request.CpuQuota is { } quota && quota != 0 && quota != -1 && quota < 1000)
            errors.Add("cpu-quota", $"CPU cfs quota can not be less than 1ms (i.e. 1000), got {quota}; use -1 for no limit");
        else if (request.CpuQuota > InputLimits.MaxCpuQuota)
            errors.Add("cpu-quota", $"CPU cfs quota can not be more than {InputLimits.MaxCpuQuota} µs (the kernel's maximum), got {request.CpuQuota}; use -1 for no limit");
        if (request.CpuShares is { } shares && shares != 0 && shares is < ResourceRules.MinCpuShares or > ResourceRules.MaxCpuShares)
            errors.Add("cpu-shares", $"cpu-shares must be between {ResourceRules.MinCpuShares} and {ResourceRules.MaxCpuShares} (the default weight is 1024), got {shares}");

        var limits = new ResourceLimits
        {
            CpuShares = request.CpuShares is > 0 ? request.CpuShares : null,
            CpusetCpus = Cpuset(request.CpusetCpus, host, errors),
        };
        if (nanoCpus is { } n)
        {
            var (q, p) = CpuQuantity.ToQuota(n);
            return limits with { NanoCpus = n, CpuQuota = q, CpuPeriod = p };
        }
        return limits with
        {
            CpuPeriod = request.CpuPeriod is > 0 ? request.CpuPeriod : null,
            CpuQuota = request.CpuQuota is > 0 ? request.CpuQuota : null,
        };
    }

    private static string? Cpuset(string? text, HostLimits host, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!CpusetParser.TryParse(text.Trim(), out var cpus, out var error))
        {
            errors.Add("cpuset-cpus", error);
            return null;
        }
        if (cpus.Max >= host.CpuCount)
        {
            var available = host.CpuCount == 1 ? "0" : "0-" + (host.CpuCount - 1).ToString(CultureInfo.InvariantCulture);
            errors.Add("cpuset-cpus", $"Requested CPUs are not available - requested {text}, available: {available}");
            return null;
        }
        return text.Trim();
    }
}
