using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;
using Prometheus;

namespace Dashboard.Web.Metrics;

/// <summary>
/// Container metrics in Prometheus form under cAdvisor's names and labels (id="/dashboard/&lt;id&gt;", name, image),
/// so existing dashboards and alerts work unchanged. Nothing is pushed: at scrape time a before-collect callback
/// reads the newest sample of every running container, and series of containers that stopped or were removed
/// are unpublished.
/// </summary>
public sealed class ContainerMetrics
{
    private static readonly string[] Base = ["id", "name", "image"];
    private readonly IContainerEngine _engine;
    private readonly IStatsService _stats;
    private readonly SeriesSet _series = new();
    private readonly object _gate = new();
    private readonly Instruments _m;

    public ContainerMetrics(IContainerEngine engine, IStatsService stats)
    {
        _engine = engine;
        _stats = stats;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _m = new Instruments(Prometheus.Metrics.WithCustomRegistry(Registry));
        Registry.AddBeforeCollectCallback(Update);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Writes the text exposition format (version 0.0.4).</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    private void Update()
    {
        lock (_gate)
        {
            _series.Begin();
            foreach (var container in _engine.List())
            {
                if (container.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) continue;
                if (_stats.Latest(container.Id) is not { } sample) continue;
                Write(container, sample);
            }
            _series.Sweep();
        }
    }

    private void Write(ContainerRecord c, ContainerStats s)
    {
        string[] l = ["/dashboard/" + c.Id, c.Name, c.Config.Image];
        var m = _m;
        var set = _series;
        const double Ns = 1e9;

        set.Counter(m.CpuUsage, s.Cpu.UsageNanos / Ns, [.. l, "total"]);
        set.Counter(m.CpuUser, s.Cpu.UserNanos / Ns, l);
        set.Counter(m.CpuSystem, s.Cpu.SystemNanos / Ns, l);
        set.Counter(m.CfsPeriods, s.Cpu.ThrottlingPeriods, l);
        set.Counter(m.CfsThrottledPeriods, s.Cpu.ThrottledPeriods, l);
        set.Counter(m.CfsThrottledSeconds, s.Cpu.ThrottledNanos / Ns, l);

        set.Gauge(m.MemoryUsage, s.Memory.Usage, l);
        set.Gauge(m.MemoryMaxUsage, s.Memory.MaxUsage, l);
        set.Gauge(m.MemoryWorkingSet, s.Memory.WorkingSet, l);
        set.Gauge(m.MemoryCache, s.Memory.Cache, l);
        set.Gauge(m.MemoryRss, s.Memory.Rss, l);
        set.Gauge(m.MemorySwap, s.Memory.Swap, l);
        set.Counter(m.OomEvents, s.Memory.OomKills, l);

        var r = c.Config.Resources;
        // cAdvisor reports 0 for "no limit" and the kernel defaults for period and shares. The memory limit is the one
        // in effect (EffectiveLimits), as every view shows it; the CPU quota is the configured one (--cpus is kept as
        // its quota and period too).
        set.Gauge(m.SpecMemoryLimit, s.Memory.Limit ?? 0, l);
        if (r.CpuQuota is > 0 and var quota) set.Gauge(m.SpecCpuQuota, quota, l);
        set.Gauge(m.SpecCpuPeriod, r.CpuPeriod ?? 100_000, l);
        set.Gauge(m.SpecCpuShares, r.CpuShares ?? 1024, l);

        set.Gauge(m.Processes, s.Pids.Current, l);
        if (s.Pids.Limit is { } pidsLimit) set.Gauge(m.SpecPidsLimit, pidsLimit, l);

        foreach (var n in s.Networks)
        {
            string[] nl = [.. l, n.Name];
            set.Counter(m.NetRxBytes, n.RxBytes, nl);
            set.Counter(m.NetTxBytes, n.TxBytes, nl);
            set.Counter(m.NetRxPackets, n.RxPackets, nl);
            set.Counter(m.NetTxPackets, n.TxPackets, nl);
            set.Counter(m.NetRxErrors, n.RxErrors, nl);
            set.Counter(m.NetTxErrors, n.TxErrors, nl);
            set.Counter(m.NetRxDropped, n.RxDropped, nl);
            set.Counter(m.NetTxDropped, n.TxDropped, nl);
        }

        set.Counter(m.FsReadBytes, s.BlockIo.ReadBytes, l);
        set.Counter(m.FsWriteBytes, s.BlockIo.WriteBytes, l);
        set.Counter(m.FsReads, s.BlockIo.ReadOps, l);
        set.Counter(m.FsWrites, s.BlockIo.WriteOps, l);

        set.Gauge(m.LastSeen, s.Time.ToUnixTimeMilliseconds() / 1000.0, l);
        if (c.State.StartedAt is { } started) set.Gauge(m.StartTime, started.ToUnixTimeMilliseconds() / 1000.0, l);
    }

    /// <summary>The collectors, created once per registry.</summary>
    private sealed class Instruments(IMetricFactory f)
    {
        private static readonly string[] WithCpu = [.. Base, "cpu"];
        private static readonly string[] WithInterface = [.. Base, "interface"];

        public Counter CpuUsage { get; } = f.CreateCounter("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", WithCpu);
        public Counter CpuUser { get; } = f.CreateCounter("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", Base);
        public Counter CpuSystem { get; } = f.CreateCounter("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", Base);
        public Counter CfsPeriods { get; } = f.CreateCounter("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", Base);
        public Counter CfsThrottledPeriods { get; } = f.CreateCounter("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.", Base);
        public Counter CfsThrottledSeconds { get; } = f.CreateCounter("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.", Base);
        public Gauge MemoryUsage { get; } = f.CreateGauge("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed.", Base);
        public Gauge MemoryMaxUsage { get; } = f.CreateGauge("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes.", Base);
        public Gauge MemoryWorkingSet { get; } = f.CreateGauge("container_memory_working_set_bytes", "Current working set in bytes.", Base);
        public Gauge MemoryCache { get; } = f.CreateGauge("container_memory_cache", "Number of bytes of page cache memory.", Base);
        public Gauge MemoryRss { get; } = f.CreateGauge("container_memory_rss", "Size of RSS in bytes.", Base);
        public Gauge MemorySwap { get; } = f.CreateGauge("container_memory_swap", "Container swap usage in bytes.", Base);
        public Counter OomEvents { get; } = f.CreateCounter("container_oom_events_total", "Count of out of memory events observed for the container.", Base);
        public Gauge SpecMemoryLimit { get; } = f.CreateGauge("container_spec_memory_limit_bytes", "Memory limit for the container.", Base);
        public Gauge SpecCpuQuota { get; } = f.CreateGauge("container_spec_cpu_quota", "CPU quota of the container.", Base);
        public Gauge SpecCpuPeriod { get; } = f.CreateGauge("container_spec_cpu_period", "CPU period of the container.", Base);
        public Gauge SpecCpuShares { get; } = f.CreateGauge("container_spec_cpu_shares", "CPU share of the container.", Base);
        public Gauge Processes { get; } = f.CreateGauge("container_processes", "Number of processes running inside the container.", Base);
        public Gauge SpecPidsLimit { get; } = f.CreateGauge("container_spec_pids_limit", "Maximum number of processes (pids.max) of the container.", Base);
        public Counter NetRxBytes { get; } = f.CreateCounter("container_network_receive_bytes_total", "Cumulative count of bytes received.", WithInterface);
        public Counter NetTxBytes { get; } = f.CreateCounter("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted.", WithInterface);
        public Counter NetRxPackets { get; } = f.CreateCounter("container_network_receive_packets_total", "Cumulative count of packets received.", WithInterface);
        public Counter NetTxPackets { get; } = f.CreateCounter("container_network_transmit_packets_total", "Cumulative count of packets transmitted.", WithInterface);
        public Counter NetRxErrors { get; } = f.CreateCounter("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving.", WithInterface);
        public Counter NetTxErrors { get; } = f.CreateCounter("container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting.", WithInterface);
        public Counter NetRxDropped { get; } = f.CreateCounter("container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while receiving.", WithInterface);
        public Counter NetTxDropped { get; } = f.CreateCounter("container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while transmitting.", WithInterface);
        public Counter FsReadBytes { get; } = f.CreateCounter("container_fs_reads_bytes_total", "Cumulative count of bytes read.", Base);
        public Counter FsWriteBytes { get; } = f.CreateCounter("container_fs_writes_bytes_total", "Cumulative count of bytes written.", Base);
        public Counter FsReads { get; } = f.CreateCounter("container_fs_reads_total", "Cumulative count of reads completed.", Base);
        public Counter FsWrites { get; } = f.CreateCounter("container_fs_writes_total", "Cumulative count of writes completed.", Base);
        public Gauge LastSeen { get; } = f.CreateGauge("container_last_seen", "Last time a container was seen by the exporter.", Base);
        public Gauge StartTime { get; } = f.CreateGauge("container_start_time_seconds", "Start time of the container since unix epoch in seconds.", Base);
    }
}
