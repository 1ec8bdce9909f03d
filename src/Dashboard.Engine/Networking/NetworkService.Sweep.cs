using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Networking;

public sealed partial class NetworkService
{
    /// <summary>
    /// At start, after recovery: tears down every setup of a container that is not running (removed while the daemon was
    /// down, or whose exit was processed by a daemon that died before its teardown), and unbinds namespaces under
    /// RunRoot/netns that no running container owns. <paramref name="running"/> are the ids of the re-adopted containers.
    /// </summary>
    public async Task SweepAsync(IReadOnlySet<string> running, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var id in _setups.Keys.Where(id => !running.Contains(id)).ToList())
            {
                _logger.LogWarning("Tearing down the network of container {Id}, which is not running", id[..12]);
                try { await TeardownLockedAsync(id); }
                catch (Exception ex) when (ex is EngineException or IOException)
                {
                    _logger.LogWarning("Network teardown of container {Id} at start: {Reason}", id[..12], ex.Message);
                }
            }
            if (!Directory.Exists(_options.NetnsDirectory)) return;
            foreach (var path in Directory.EnumerateFiles(_options.NetnsDirectory).ToList())
            {
                var id = Path.GetFileName(path);
                if (running.Contains(id)) continue;
                _logger.LogWarning("Removing the network namespace {Path}, which no running container owns", path);
                NetnsFile.TryDelete(path);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
