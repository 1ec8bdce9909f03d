using System.Diagnostics;
using Dashboard.Engine.Monitoring;
using Dashboard.Engine.Runtime;
using Xunit.Abstractions;

namespace Dashboard.Engine.IntegrationTests.Runtime;

/// <summary>Rough create+start latency through conmon (the real benchmark lives elsewhere); prints the median.</summary>
[Collection(RuntimeCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class CreateLatencyTests(ITestOutputHelper output)
{
    [RuntimeFact]
    public async Task Create_start_exit_delete_of_true_takes_tens_of_milliseconds()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        await using var exits = new ExitWatcher(host.Runtime.Paths.ExitDir);
        exits.Start();
        var createStart = new List<double>();
        var total = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            var bundle = host.Bundle(["true"]);
            var watch = Stopwatch.StartNew();
            await host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), CancellationToken.None);
            var created = watch.Elapsed.TotalMilliseconds;
            await host.Runtime.StartAsync(bundle.Id, CancellationToken.None);
            output.WriteLine($"create {created:0.0} ms, start {watch.Elapsed.TotalMilliseconds - created:0.0} ms");
            createStart.Add(watch.Elapsed.TotalMilliseconds);
            exits.Wake();
            Assert.Equal(0, (await ConmonRuntimeTests.NextExitAsync(exits, bundle.Id)).ExitCode);
            await host.Runtime.DeleteAsync(bundle.Id, force: false, CancellationToken.None);
            total.Add(watch.Elapsed.TotalMilliseconds);
        }
        var median = createStart.Order().ElementAt(createStart.Count / 2);
        output.WriteLine($"create+start median {median:0.0} ms; create..delete median {total.Order().ElementAt(total.Count / 2):0.0} ms (n={createStart.Count})");
        Assert.InRange(median, 0, 2000);
    }
}
