namespace Dashboard.Data;

/// <summary>
/// The database file cannot be used by this build: its schema is newer than the migrations this build knows, a
/// migration failed, or the file cannot be put in WAL mode. Raised at start-up; the message says what to do.
/// </summary>
public sealed class DatabaseSchemaException(string message, Exception? inner = null) : Exception(message, inner);
