using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Options;

namespace Dashboard.Engine.Configuration;

/// <summary>
/// Every rule of the "Engine" section in one place (Aspire's ValidateDashboardOptions is the model): each failure
/// names the key, the value and what is allowed. The daemon runs it at start through ValidateOnStart, so a typo stops
/// it before anything is created; <see cref="Hosting.EngineHost.CreateAsync"/> runs it too, for hosts without DI.
/// </summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.Message));
    }

    /// <exception cref="ValidationException">The settings break a rule; the message lists every broken one.</exception>
    public static void ThrowIfInvalid(EngineOptions options)
    {
        var errors = Check(options);
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    public static IReadOnlyList<FieldError> Check(EngineOptions options)
    {
        var errors = new List<FieldError>();
        AbsolutePath(errors, "Engine:DataRoot", options.DataRoot, "persistent state");
        AbsolutePath(errors, "Engine:RunRoot", options.RunRoot, "volatile state, usually on a tmpfs");
        AbsolutePath(errors, "Engine:BusyboxPath", options.BusyboxPath, "the static busybox of the built-in image");
        if (string.IsNullOrWhiteSpace(options.CgroupParent) || options.CgroupParent.Split('/').Contains(".."))
            errors.Add(new FieldError("Engine:CgroupParent",
                $"Engine:CgroupParent is \"{options.CgroupParent}\"; it must name a cgroup below each hierarchy's root, such as \"dashboard\" (not empty, no \"..\")."));
        if (options.DefaultStopTimeoutSeconds is < -1 or > InputLimits.MaxStopTimeoutSeconds)
            errors.Add(new FieldError("Engine:DefaultStopTimeoutSeconds",
                $"Engine:DefaultStopTimeoutSeconds is {options.DefaultStopTimeoutSeconds}; it must be between 0 and {InputLimits.MaxStopTimeoutSeconds} seconds, or -1 to wait forever."));
        if (options.DefaultPidsLimit is < 0 or > InputLimits.MaxPidsLimit)
            errors.Add(new FieldError("Engine:DefaultPidsLimit",
                $"Engine:DefaultPidsLimit is {options.DefaultPidsLimit}; it must be between 1 and {InputLimits.MaxPidsLimit} (the kernel's PID_MAX_LIMIT), or 0 for none."));
        if (string.IsNullOrWhiteSpace(options.NetworkBridgeName) || options.NetworkBridgeName.Length > 15
            || !options.NetworkBridgeName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            errors.Add(new FieldError("Engine:NetworkBridgeName",
                $"Engine:NetworkBridgeName is \"{options.NetworkBridgeName}\"; it must be a device name of 1 to 15 letters, digits, '-', '_' or '.', such as \"dash0\"."));
        if (!Networking.Subnets.TryParse(options.NetworkSubnetPool ?? "", out var pool, out _) || pool.PrefixLength > 24)
            errors.Add(new FieldError("Engine:NetworkSubnetPool",
                $"Engine:NetworkSubnetPool is \"{options.NetworkSubnetPool}\"; it must be an IPv4 network of /24 or larger in CIDR form, such as \"10.91.0.0/16\"."));
        if (options.NetworkDefaultSubnet is { Length: > 0 } subnet && !Networking.Subnets.TryParse(subnet, out _, out var subnetError))
            errors.Add(new FieldError("Engine:NetworkDefaultSubnet", $"Engine:NetworkDefaultSubnet: {subnetError}"));
        Collect(errors, options.ValidateStats);
        Collect(errors, () => ImageLimits.From(options));
        Collect(errors, () => LogFileLimits.Defaults(options));
        return errors;
    }

    private static void AbsolutePath(List<FieldError> errors, string key, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value))
            errors.Add(new FieldError(key, $"{key} is \"{value}\"; it must be an absolute path ({what})."));
    }

    private static void Collect(List<FieldError> errors, Action check)
    {
        try { check(); }
        catch (ValidationException e) { errors.AddRange(e.Errors); }
    }
}
