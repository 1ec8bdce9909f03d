using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>Memory, CPU and pids limits: Docker's rules and, where it has them, Docker's words.</summary>
internal static class ResourceRules
{
    /// <summary>Docker's floor for --memory (linux.MinMemory): below it the runtime cannot even start.</summary>
    public const long MinMemory = 6 * 1024 * 1024;
    public const long MaxCpuShares = 262_144;
    public const long MinCpuShares = 2;

    public static ResourceLimits Validate(CreateContainerRequest request, HostLimits host, ValidationErrors errors)
    {
        var (memory, swap) = Memory(request, host, errors);
        var cpu = CpuRules.Validate(request, host, errors);
        return cpu with { MemoryBytes = memory, MemorySwapBytes = swap, PidsLimit = Pids(request.PidsLimit, errors) };
    }

    private static long? Pids(long? limit, ValidationErrors errors)
    {
        if (limit is not > 0) return null; // 0 or negative: unlimited, as in Docker
        if (limit <= InputLimits.MaxPidsLimit) return limit;
        errors.Add("pids-limit", $"pids-limit {limit} is above {InputLimits.MaxPidsLimit}, the most the kernel allows (PID_MAX_LIMIT); use 0 or -1 for no limit");
        return null;
    }

    private static (long? Memory, long? Swap) Memory(CreateContainerRequest request, HostLimits host, ValidationErrors errors)
    {
        long? memory = null;
        if (!string.IsNullOrWhiteSpace(request.Memory))
        {
            if (!ByteSize.TryParse(request.Memory, out var bytes, out var error))
                errors.Add("memory", error + "; use a number with an optional unit b, k, m or g, e.g. 200m");
            else if (bytes < MinMemory)
                errors.Add("memory", $"Minimum memory limit allowed is 6MB (got {request.Memory})");
            else if (bytes > InputLimits.MaxMemoryBytes)
                errors.Add("memory", $"Maximum memory limit allowed is {InputLimits.MaxMemoryBytes} bytes (8 EiB less 4 KiB, which the kernel reads as no limit), got {request.Memory}; leave --memory out for no limit");
            else
                memory = bytes;
        }

        long? swap = null;
        if (!string.IsNullOrWhiteSpace(request.MemorySwap))
        {
            if (request.MemorySwap.Trim() == "-1")
                swap = -1;
            else if (!ByteSize.TryParse(request.MemorySwap, out var bytes, out var error))
                errors.Add("memory-swap", error + "; use a size like 1g, or -1 for unlimited swap");
            else if (bytes > InputLimits.MaxMemoryBytes)
                errors.Add("memory-swap", $"Maximum memoryswap limit allowed is {InputLimits.MaxMemoryBytes} bytes (8 EiB less 4 KiB), got {request.MemorySwap}; use -1 for unlimited swap");
            else
                swap = bytes;

            if (swap is not null && string.IsNullOrWhiteSpace(request.Memory))
                errors.Add("memory-swap", "You should always set the Memory limit when using Memoryswap limit: add --memory");
            else if (swap is >= 0 && memory is not null && swap < memory)
                errors.Add("memory-swap", $"Minimum memoryswap limit should be larger than memory limit: --memory-swap ({request.MemorySwap}) is memory plus swap, so it must be at least --memory ({request.Memory}), or -1");
        }
        else if (memory is not null)
        {
            // Docker's default: as much swap as memory. Twice a limit past half the maximum would wrap (Memory=2^63-1
            // gave -2, which the kernel refuses at start) or pass the maximum; that much is no limit, so say so (-1).
            swap = memory <= InputLimits.MaxMemoryBytes / 2 ? memory * 2 : -1;
        }
        if (!host.SwapLimitSupported) swap = null;
        return (memory, swap);
    }
}
