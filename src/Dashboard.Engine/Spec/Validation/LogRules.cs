using System.Globalization;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// --log-driver and --log-opt. Logs are always conmon's k8s-file, rotated like Docker's json-file, so the driver may
/// be left out or be json-file or k8s-file, and the options are max-size (Docker's decimal units; -1 for no limit,
/// as in podman) and max-file. Everything else is refused by name, never ignored.
/// </summary>
internal static class LogRules
{
    private const string Field = "log-opt";
    private const int MaxOptions = 16;
    private const int EchoLength = 40;

    public static LogLimits? Validate(string? driver, IReadOnlyDictionary<string, string>? options, ValidationErrors errors)
    {
        if (!string.IsNullOrEmpty(driver) && driver is not ("json-file" or "k8s-file"))
        {
            errors.Add("log-driver", $"log driver \"{Echo(driver)}\" is not supported by this daemon: it keeps every container's log itself " +
                "(in conmon's k8s-file format, rotated like json-file); leave --log-driver out or use json-file, with --log-opt max-size and max-file");
            return null;
        }
        if (options is null || options.Count == 0) return null;
        if (options.Count > MaxOptions)
        {
            errors.Add(Field, $"{options.Count} log options given; this daemon supports max-size and max-file");
            return null;
        }
        long? size = null;
        int? files = null;
        foreach (var (key, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            switch (key)
            {
                case "max-size":
                    size = MaxSize(value, errors);
                    break;
                case "max-file":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
                        errors.Add(Field, $"invalid max-file \"{Echo(value)}\": use a whole number of files, 1 or more");
                    else if (count < 1)
                        errors.Add(Field, "max-file cannot be less than 1");
                    else files = count;
                    break;
                default:
                    errors.Add(Field, $"unknown log opt '{Echo(key)}' for {(string.IsNullOrEmpty(driver) ? "json-file" : driver)} log driver: " +
                        "this daemon supports max-size and max-file");
                    break;
            }
        }
        return size is null && files is null ? null : new LogLimits { MaxSizeBytes = size, MaxFiles = files };
    }

    private static long? MaxSize(string value, ValidationErrors errors)
    {
        if (value.Trim() == "-1") return 0;
        if (!DecimalByteSize.TryParse(value, out var bytes))
        {
            errors.Add(Field, $"invalid max-size \"{Echo(value)}\": use a size like 10m (10,000,000 bytes) or 500k, or -1 for no limit");
            return null;
        }
        if (bytes <= 0)
        {
            errors.Add(Field, "max-size must be a positive number (or -1 for no limit)");
            return null;
        }
        if (bytes < LogLimits.MinimumMaxSizeBytes)
        {
            errors.Add(Field, $"max-size {Echo(value)} is too small: use at least {LogLimits.MinimumMaxSizeBytes} bytes, for example 100k " +
                "(conmon writes records of up to 8 KiB and starts a new file whenever one is full)");
            return null;
        }
        return bytes;
    }

    /// <summary>A value as given, cut short: an error must not repeat a megabyte back.</summary>
    private static string Echo(string text) => text.Length <= EchoLength ? text : text[..EchoLength] + "...";
}
