namespace Dashboard.Engine.Registry;

/// <summary>A registry answered with an error or something this engine cannot use; maps to 502 Bad Gateway (the
/// daemon is a gateway to the registry here) unless a subclass says otherwise.</summary>
public class RegistryException(string message, Exception? inner = null) : EngineException(message, inner);

/// <summary>The registry does not have the repository, tag or digest; maps to 404 (docker run prints it).</summary>
public sealed class RegistryNotFoundException(string message) : NotFoundException(message);

/// <summary>The registry refused the credentials (or their absence); maps to 401.</summary>
public sealed class RegistryUnauthorizedException(string message) : RegistryException(message);

/// <summary>A blob or manifest did not match its digest or declared size: nothing of it is recorded.</summary>
public sealed class RegistryDigestMismatchException(string message) : RegistryException(message);

/// <summary>A pull the registry refused for lack of (valid) credentials. Docker answers it like a missing repository
/// (a registry does not say which it is), and a 404 keeps the CLI from prompting for a password mid-pull.</summary>
public sealed class RegistryAccessDeniedException(string message) : NotFoundException(message);
