using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Actions taken through the APIs land in the audit log with who took them.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ApiAuditAgainstDaemonTests
{
    [SkippableFact]
    public async Task Docker_cli_actions_on_the_socket_are_audited_as_the_unix_socket()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        Assert.Equal(0, (await DockerCli.RunAsync(d.DockerHost, "run", "-d", "--name", "audited", "busybox", "sleep", "60")).ExitCode);
        Assert.Equal(0, (await DockerCli.RunAsync(d.DockerHost, "stop", "-t", "1", "audited")).ExitCode);
        Assert.Equal(0, (await DockerCli.RunAsync(d.DockerHost, "stop", "-t", "1", "audited")).ExitCode); // 304: nothing happened
        Assert.Equal(0, (await DockerCli.RunAsync(d.DockerHost, "rm", "audited")).ExitCode);
        Assert.NotEqual(0, (await DockerCli.RunAsync(d.DockerHost, "rm", "nosuch")).ExitCode); // refused: not audited

        var rows = new List<(string Actor, string Action, string? Target)>();
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(d.DataRoot, "dashboard.db")};Mode=ReadOnly"))
        {
            await db.OpenAsync();
            var command = db.CreateCommand();
            command.CommandText = "SELECT actor, action, target FROM audit_log WHERE action LIKE 'container.%' ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        Assert.All(rows, r => Assert.Equal("unix-socket", r.Actor));
        Assert.Equal(["container.create", "container.start", "container.stop", "container.remove"], rows.Select(r => r.Action));
        Assert.Equal("audited", rows[0].Target);
        Assert.Equal("audited", rows[^1].Target);
    }
}
