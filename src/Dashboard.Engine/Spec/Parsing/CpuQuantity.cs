using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Docker's <c>--cpus</c>: a decimal number of CPUs, kept exactly as billionths (NanoCpus) and turned into a CFS
/// quota over the default 100 ms period, so "0.25" is 250000000 nano CPUs and 25000 µs per 100000 µs.
/// </summary>
public static class CpuQuantity
{
    /// <summary>The CFS period Docker and runc use for --cpus, in microseconds.</summary>
    public const long DefaultPeriod = 100_000;
    public const long NanosPerCpu = 1_000_000_000;

    /// <summary>Parses to nano CPUs or throws <see cref="FormatException"/>. Negative values parse; range is the validator's job.</summary>
    public static long ParseNanoCpus(string text) =>
        TryParseNanoCpus(text, out var nanos, out var error) ? nanos : throw new FormatException(error);

    public static bool TryParseNanoCpus(string? text, out long nanoCpus, [NotNullWhen(false)] out string? error)
    {
        nanoCpus = 0;
        if (!decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var cpus))
        {
            error = $"invalid value '{text}' for cpus: failed to parse it as a decimal number of CPUs, e.g. 0.5";
            return false;
        }
        var nanos = cpus * NanosPerCpu;
        if (nanos != decimal.Truncate(nanos))
        {
            // Docker's own wording: more than nine decimals cannot be represented.
            error = $"invalid value '{text}' for cpus: value is too precise";
            return false;
        }
        if (nanos > long.MaxValue || nanos < long.MinValue)
        {
            error = $"invalid value '{text}' for cpus: value is too large";
            return false;
        }
        nanoCpus = (long)nanos;
        error = null;
        return true;
    }

    /// <summary>The CFS quota for <paramref name="nanoCpus"/> over <see cref="DefaultPeriod"/>.</summary>
    public static (long Quota, long Period) ToQuota(long nanoCpus) =>
        (nanoCpus * DefaultPeriod / NanosPerCpu, DefaultPeriod);

    /// <summary>"0.25" for 250000000.</summary>
    public static string Format(long nanoCpus) =>
        ((decimal)nanoCpus / NanosPerCpu).ToString("0.#########", CultureInfo.InvariantCulture);
}
