using Dashboard.Engine.Monitoring;

namespace Dashboard.Engine.Tests.Monitoring;

public sealed class KernelOomLogTests
{
    private const string Record =
        "6,825,1186511493,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=abc,mems_allowed=0," +
        "oom_memcg=/dashboard/abc,task_memcg=/dashboard/abc,task=sh,pid=15143,uid=0\n";

    [Fact]
    public void The_oom_kill_summary_names_cgroup_pid_and_command() =>
        Assert.Equal(new OomVictim("/dashboard/abc", 15143, "sh"), KernelOomLog.ParseRecord(Record));

    [Theory]
    [InlineData("3,826,1186511510,-;Memory cgroup out of memory: Killed process 15143 (sh) total-vm:51428kB")]
    [InlineData("6,1,1,-;oom-kill:constraint=CONSTRAINT_MEMCG,task=sh")]
    [InlineData("")]
    public void Other_records_are_not_victims(string record) => Assert.Null(KernelOomLog.ParseRecord(record));

    [Fact]
    public void Only_records_written_after_opening_are_seen_and_each_is_taken_once()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Record); // already in the log: must be skipped
            using var log = new KernelOomLog(path);
            Assert.True(log.IsAvailable);
            Assert.Null(log.TakeVictim("abc"));

            File.AppendAllText(path, Record.Replace("pid=15143", "pid=777"));

            Assert.Null(log.TakeVictim("other"));
            Assert.Equal(777, log.TakeVictim("abc")!.Pid);
            Assert.Null(log.TakeVictim("abc"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unreadable_log_just_names_nobody()
    {
        using var log = new KernelOomLog("/nonexistent/kmsg");

        Assert.False(log.IsAvailable);
        Assert.Null(log.TakeVictim("abc"));
    }
}
