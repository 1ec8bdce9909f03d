using Dashboard.Engine.Containers;
using Dashboard.Engine.Hosting;
using Dashboard.Engine.Images;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Holds the engine, which is composed after the web host is built (runtime probing is asynchronous and needs
/// the host's logging), and hands its parts to DI. Requests are only served after it is set.
/// </summary>
internal sealed class EngineHolder
{
    private EngineHost? _host;

    public EngineHost Host
    {
        get => _host ?? throw new InvalidOperationException("the engine has not started yet");
        set => _host = value;
    }

    /// <summary>The engine once started; null before (and in hosts composed over fakes).</summary>
    public EngineHost? Current => _host;

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<EngineHolder>();
        services.AddSingleton(sp => sp.GetRequiredService<EngineHolder>().Host);
        services.AddSingleton<IContainerEngine>(sp => sp.GetRequiredService<EngineHolder>().Host.Containers);
        services.AddSingleton(sp => sp.GetRequiredService<EngineHolder>().Host.Containers);
        services.AddSingleton<Dashboard.Engine.ContainerFiles.IContainerFiles>(sp => sp.GetRequiredService<EngineHolder>().Host.Containers);
        services.AddSingleton<IImageService>(sp => sp.GetRequiredService<EngineHolder>().Host.Images);
        services.AddSingleton<Dashboard.Engine.Registry.IImagePuller>(sp => sp.GetRequiredService<EngineHolder>().Host.Puller);
        // Null when the engine has no volume store (never in the daemon): GetService then answers null.
        services.AddSingleton(sp => sp.GetRequiredService<EngineHolder>().Host.Volumes!);
        services.AddSingleton<IContainerRuntime>(sp => sp.GetRequiredService<EngineHolder>().Host.Runtime);
        services.AddSingleton(sp => sp.GetRequiredService<EngineHolder>().Host.Selection);
        services.AddSingleton(sp => sp.GetRequiredService<EngineHolder>().Host.Events);
        services.AddSingleton<IStatsService>(sp => sp.GetRequiredService<EngineHolder>().Host.Stats);
        services.AddSingleton<INamespaceInspector>(sp => sp.GetRequiredService<EngineHolder>().Host.Namespaces);
    }
}
