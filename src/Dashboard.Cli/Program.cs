namespace Dashboard.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) =>
        Dashctl.RunAsync(args, Terminal.ConsoleTerminal.OpenInput(), Console.OpenStandardOutput(), Console.Out, Console.Error, Environment.GetEnvironmentVariable, CancellationToken.None,
            new Terminal.ConsoleTerminal());
}
