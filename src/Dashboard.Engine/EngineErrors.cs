namespace Dashboard.Engine;

/// <summary>Base of every error the engine raises on purpose; API edges map the subclasses to status codes.</summary>
public abstract class EngineException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Maps to 404.</summary>
public abstract class NotFoundException(string message) : EngineException(message);

public sealed class ContainerNotFoundException(string reference)
    : NotFoundException($"No such container: {reference}")
{
    public string Reference { get; } = reference;
}

public sealed class ImageNotFoundException(string reference)
    : NotFoundException($"No such image: {reference}")
{
    public string Reference { get; } = reference;
}

/// <summary>Maps to 409.</summary>
public abstract class ConflictException(string message) : EngineException(message);

public sealed class NameConflictException(string name, string existingId)
    : ConflictException($"Conflict. The container name \"/{name}\" is already in use by container \"{existingId}\". You have to remove (or rename) that container to be able to reuse that name.");

public sealed class InvalidContainerStateException(string id, string current, string attempted)
    : ConflictException($"cannot {attempted} container {id}: container is {current}")
{
    public string Id { get; } = id;
    public string Current { get; } = current;
    public string Attempted { get; } = attempted;
}

public sealed class ImageInUseException(string reference, string containerId)
    : ConflictException($"conflict: unable to remove repository reference \"{reference}\" (must force) - container {containerId[..Math.Min(12, containerId.Length)]} is using its referenced image");

/// <summary>An ambiguous id prefix or similar reference problem; maps to 400.</summary>
public sealed class AmbiguousReferenceException(string reference)
    : EngineException($"multiple IDs found with provided prefix: {reference}");

/// <summary>Bad input, with one message per offending field; maps to 400.</summary>
public sealed class ValidationException(IReadOnlyList<FieldError> errors)
    : EngineException(string.Join("; ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public ValidationException(string field, string message) : this([new FieldError(field, message)]) { }
}

/// <summary>One validation failure: which field (as the CLI flag or form field names it) and what to do about it.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>An archive that cannot be imported safely or is not in a known format; maps to 400.</summary>
public sealed class InvalidArchiveException(string message) : EngineException(message);

/// <summary>An import or load stopped at a configured limit (Engine:Image* settings). The message names the limit,
/// its value and the setting that raises it. Maps to 400, or 413 when the upload itself is too large.</summary>
public sealed class ImageLimitExceededException(string setting, string message, bool uploadTooLarge = false)
    : EngineException(message)
{
    /// <summary>The configuration key, e.g. "Engine:ImageMaxUnpackedSize".</summary>
    public string Setting { get; } = setting;

    public bool UploadTooLarge { get; } = uploadTooLarge;
}

/// <summary>runc, crun or conmon failed; maps to 500 with the runtime's own text (the docker CLI derives exit codes from it).</summary>
public sealed class OciRuntimeException(string command, int exitCode, string stderr)
    : EngineException($"OCI runtime error: {command} exited with {exitCode}: {stderr.Trim()}")
{
    public string Command { get; } = command;
    public int ExitCode { get; } = exitCode;
    public string Stderr { get; } = stderr;
}

/// <summary>
/// The file system that holds the data root has no space left (ENOSPC, EDQUOT, or SQLite's "database or disk is
/// full"). Maps to 507 Insufficient Storage. A request that needed the space was undone; a state the engine must
/// record (an exit) is kept and its write retried until space returns.
/// </summary>
public sealed class StorageFullException(string path, string what, Exception? inner = null)
    : EngineException($"the disk is full: no space left on the file system of the data root {path} ({what}); " +
        "free some space there (remove unused containers and images, or other files) and try again", inner)
{
    /// <summary>The directory whose file system is full (the data root).</summary>
    public string Path { get; } = path;

    private const int Enospc = 28;
    private const int Edquot = 122;

    /// <summary>True for an error that says the disk is full: this exception, or an <see cref="IOException"/> with
    /// errno ENOSPC/EDQUOT. .NET reports a failed preallocation without the errno, so any other I/O error also counts
    /// when <paramref name="dataRoot"/>'s file system has (almost) nothing left.</summary>
    public static bool IsDiskFull(Exception error, string dataRoot) => error switch
    {
        StorageFullException => true,
        IOException { HResult: Enospc or Edquot } => true,
        IOException => AlmostNothingLeft(dataRoot),
        _ => false,
    };

    /// <summary><paramref name="error"/> as a <see cref="StorageFullException"/> (itself when it is one).</summary>
    public static StorageFullException From(Exception error, string dataRoot, string what) =>
        error as StorageFullException ?? new StorageFullException(dataRoot, what, error);

    private static bool AlmostNothingLeft(string dataRoot)
    {
        try { return Interop.LibC.AvailableBytes(dataRoot) < 1L << 20; }
        catch (Exception) { return false; } // no such directory, or no statvfs: not known to be full
    }
}
