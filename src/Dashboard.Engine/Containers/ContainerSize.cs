namespace Dashboard.Engine.Containers;

/// <summary>A container's disk use as docker ps -s and inspect --size show it: the bytes it wrote (SizeRw) and those
/// plus its image's (SizeRootFs, the whole file system it sees).</summary>
public sealed record ContainerSize(long WritableLayer, long RootFs);
