namespace Dashboard.Engine.Containers;

/// <summary>The lifecycle states, spelled as Docker's State.Status once lower-cased.</summary>
public enum ContainerStatus { Created, Running, Paused, Restarting, Removing, Exited, Dead }

public static class ContainerStatusRules
{
    public static string DockerName(this ContainerStatus status) => status.ToString().ToLowerInvariant();

    public static bool CanStart(this ContainerStatus s) => s is ContainerStatus.Created or ContainerStatus.Exited or ContainerStatus.Restarting;
    public static bool CanStop(this ContainerStatus s) => s is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting;
    public static bool CanKill(this ContainerStatus s) => s is ContainerStatus.Running or ContainerStatus.Paused;
    public static bool CanPause(this ContainerStatus s) => s is ContainerStatus.Running;
    public static bool CanUnpause(this ContainerStatus s) => s is ContainerStatus.Paused;
    public static bool CanRemoveWithoutForce(this ContainerStatus s) => s is ContainerStatus.Created or ContainerStatus.Exited or ContainerStatus.Dead;
    /// <summary>Has a live process that the runtime knows about.</summary>
    public static bool IsAlive(this ContainerStatus s) => s is ContainerStatus.Running or ContainerStatus.Paused;
}
