using Dashboard.Web.Components.Namespaces;

namespace Dashboard.Web.Components.Tests.Namespaces;

public sealed class ProcessTreeTests
{
    private static List<(int Pid, int Depth)> Order(params Dashboard.Engine.Inspection.NamespaceProcess[] processes) =>
        ProcessTree.Order(processes).Select(r => (r.Process.ContainerPid, r.Depth)).ToList();

    [Fact]
    public void Children_follow_their_parent_by_pid_with_depth()
    {
        var order = Order(
            NamespaceSamples.Process(1, 100, 0, 50, "init"),
            NamespaceSamples.Process(3, 103, 1, 100, "b"),
            NamespaceSamples.Process(2, 102, 1, 100, "a"),
            NamespaceSamples.Process(9, 109, 2, 102, "a-child"));
        Assert.Equal([(1, 0), (2, 1), (9, 2), (3, 1)], order);
    }

    [Fact]
    public void An_exec_d_process_whose_parent_is_outside_is_a_second_root_after_pid_1()
    {
        var order = Order(
            NamespaceSamples.Process(5, 105, 0, 60, "sh (docker exec)"),
            NamespaceSamples.Process(1, 100, 0, 50, "init"),
            NamespaceSamples.Process(6, 106, 5, 105, "ls"));
        Assert.Equal([(1, 0), (5, 0), (6, 1)], order);
    }

    [Fact]
    public void A_parent_loop_still_lists_every_process_once()
    {
        var order = Order(
            NamespaceSamples.Process(1, 100, 0, 50, "init"),
            NamespaceSamples.Process(7, 107, 8, 108, "x"),
            NamespaceSamples.Process(8, 108, 7, 107, "y"));
        Assert.Equal([1, 7, 8], order.Select(o => o.Pid).Order());
        Assert.Equal(3, order.Count);
    }
}
