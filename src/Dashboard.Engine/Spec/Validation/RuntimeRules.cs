using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>Restart policy, --rm, stop signal and stop timeout: how the engine treats the container over time.</summary>
internal static class RuntimeRules
{
    public static RestartPolicy ValidateRestart(CreateContainerRequest request, ValidationErrors errors)
    {
        if (!RestartPolicyParser.TryParse(request.RestartPolicy, out var policy, out var error))
        {
            errors.Add("restart", error);
            return RestartPolicy.No;
        }
        if (request.AutoRemove && policy.Kind != RestartPolicyKind.No)
            errors.Add("restart", "Conflicting options: --restart and --rm: a container removed on exit cannot be restarted; drop one of them");
        return policy;
    }

    /// <summary>Normalises to the "SIGTERM" spelling.</summary>
    public static string? ValidateStopSignal(string? signal, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(signal)) return null;
        if (!Signals.TryParse(signal, out var number, out var error))
        {
            errors.Add("stop-signal", error + "; use a name like SIGTERM or a number like 15");
            return null;
        }
        return Signals.Name(number);
    }

    public static string StopTimeoutTooLong(long timeout) =>
        $"invalid stop timeout {timeout}: at most {InputLimits.MaxStopTimeoutSeconds} seconds (about 49 days) are allowed; use -1 to wait forever";

    public static int? ValidateStopTimeout(int? timeout, ValidationErrors errors)
    {
        if (timeout is < -1)
        {
            errors.Add("stop-timeout", $"invalid stop timeout {timeout}: use seconds (0 or more), or -1 to wait forever");
            return null;
        }
        if (timeout > InputLimits.MaxStopTimeoutSeconds)
        {
            errors.Add("stop-timeout", StopTimeoutTooLong(timeout.Value));
            return null;
        }
        return timeout;
    }
}
