using Dashboard.Engine.Containers.Logs;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>The log limits of a container's next run: its own --log-opt values over Engine:LogMaxSize and
    /// Engine:LogMaxFiles as they are now.</summary>
    internal LogFileLimits LogLimitsOf(ContainerRecord record) => _logDefaults.With(record.Config.LogLimits);

    /// <summary>Before conmon starts: the log files set up for the limits (see <see cref="LogFileSet.PrepareForStart"/>);
    /// returns the limits, which conmon and the rotation watcher then apply.</summary>
    private LogFileLimits PrepareLog(ContainerRecord record)
    {
        var limits = LogLimitsOf(record);
        new LogFileSet(LogPath(record.Id)).PrepareForStart(limits);
        return limits;
    }
}
