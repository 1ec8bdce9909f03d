using Dashboard.Engine.Configuration;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// How much log one container keeps, as Docker's json-file max-size and max-file: at most <see cref="MaxFiles"/>
/// files (the one being written plus the rotated ones) of at most <see cref="MaxSizeBytes"/> each. A size of 0 means
/// one file that grows without bound.
/// </summary>
public sealed record LogFileLimits(long MaxSizeBytes, int MaxFiles)
{
    public const string MaxSizeKey = "Engine:LogMaxSize";
    public const string MaxFilesKey = "Engine:LogMaxFiles";

    /// <summary>The longest record conmon 2.1.6 writes: it reads at most 8192 bytes of output at a time and adds a
    /// 43-byte time and stream prefix, a 2-byte tag and, for a partial line, a newline. A file exceeds
    /// <see cref="MaxSizeBytes"/> only when that is smaller than one record.</summary>
    public const int LongestConmonRecord = 43 + 2 + 8192 + 1;

    public static readonly LogFileLimits Unbounded = new(0, 1);

    public bool Bounded => MaxSizeBytes > 0;

    /// <summary>The engine's defaults (Engine:LogMaxSize, Engine:LogMaxFiles); throws <see cref="ValidationException"/>
    /// naming a bad setting and how to fix it.</summary>
    public static LogFileLimits Defaults(EngineOptions options)
    {
        var errors = new List<FieldError>();
        long size = 0;
        var text = options.LogMaxSize?.Trim();
        if (!string.IsNullOrEmpty(text) && !ByteSize.TryParse(text, out size, out var error))
            errors.Add(new FieldError(MaxSizeKey, $"{MaxSizeKey} is \"{text}\" ({error}); use a size like \"10MiB\", or 0 for logs without a limit."));
        else if (size is > 0 and < LogLimits.MinimumMaxSizeBytes)
            errors.Add(new FieldError(MaxSizeKey, $"{MaxSizeKey} is \"{text}\"; use at least {ByteSize.Format(LogLimits.MinimumMaxSizeBytes)}, or 0 for logs without a limit."));
        if (options.LogMaxFiles < 1)
            errors.Add(new FieldError(MaxFilesKey, $"{MaxFilesKey} is {options.LogMaxFiles}; use 1 or more (the file being written counts)."));
        if (errors.Count > 0) throw new ValidationException(errors);
        return new LogFileLimits(size, options.LogMaxFiles);
    }

    /// <summary>The container's own --log-opt values over these defaults.</summary>
    public LogFileLimits With(LogLimits? container) => container is null
        ? this
        : new LogFileLimits(container.MaxSizeBytes ?? MaxSizeBytes, container.MaxFiles ?? MaxFiles);
}
