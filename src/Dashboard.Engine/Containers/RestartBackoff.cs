using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>Docker's restart rules: whether a container that died comes back, and after how long.</summary>
public static class RestartBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(1);

    /// <summary>A run this long resets the back-off, as in Docker.</summary>
    public static readonly TimeSpan ResetAfter = TimeSpan.FromSeconds(10);

    public static bool ShouldRestart(RestartPolicy policy, int exitCode, int restartCount, bool stoppedByUser) =>
        !stoppedByUser && policy.Kind switch
        {
            RestartPolicyKind.Always or RestartPolicyKind.UnlessStopped => true,
            RestartPolicyKind.OnFailure => exitCode != 0 && (policy.MaximumRetryCount <= 0 || restartCount < policy.MaximumRetryCount),
            _ => false,
        };

    /// <summary>100 ms doubling with each consecutive restart, capped at one minute.</summary>
    public static TimeSpan Delay(int consecutiveRestarts)
    {
        var factor = Math.Pow(2, Math.Min(consecutiveRestarts, 20));
        var delay = TimeSpan.FromMilliseconds(Initial.TotalMilliseconds * factor);
        return delay > Maximum ? Maximum : delay;
    }
}
