using Dashboard.Cli.Commands;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Images;

namespace Dashboard.Cli.Tests;

public sealed class TableAndStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Table_pads_every_column_but_the_last_to_its_widest_cell_plus_three()
    {
        var table = new TableWriter("A", "LONG HEADER", "LAST");
        table.Add("a-very-long-cell", "x", "end");
        var output = new StringWriter();
        table.WriteTo(output);
        Assert.Equal(
            "A                  LONG HEADER   LAST\n" +
            "a-very-long-cell   x             end\n", output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Table_rejects_rows_of_the_wrong_width() =>
        Assert.Throws<ArgumentException>(() => new TableWriter("A", "B").Add("only one"));

    [Theory]
    [InlineData("running", null, -300, null, "Up 5 minutes")]
    [InlineData("paused", null, -7200, null, "Up 2 hours (Paused)")]
    [InlineData("exited", 137, -600, -3, "Exited (137) 3 seconds ago")]
    [InlineData("restarting", 1, -600, -1, "Restarting (1) 1 second ago")]
    [InlineData("created", null, null, null, "Created")]
    [InlineData("dead", null, null, null, "Dead")]
    [InlineData("removing", null, null, null, "Removal In Progress")]
    public void Status_reads_like_docker_ps(string status, int? exitCode, int? startedSecondsAgo, int? finishedSecondsAgo, string expected)
    {
        var started = startedSecondsAgo is { } s ? Now.AddSeconds(s) : (DateTimeOffset?)null;
        var finished = finishedSecondsAgo is { } f ? Now.AddSeconds(f) : (DateTimeOffset?)null;
        Assert.Equal(expected, StatusText.For(status, exitCode, started, finished, Now));
    }

    [Fact]
    public void Container_table_has_docker_columns_short_id_quoted_command_and_name()
    {
        var row = new ContainerSummaryDto
        {
            Id = new string('a', 64), Name = "web", Image = "busybox", ImageId = "sha256:" + new string('b', 64),
            Command = "sh -c while true; do echo hi; done", Created = Now.AddMinutes(-10), Status = "running", StartedAt = Now.AddMinutes(-9),
        };
        var output = new StringWriter();
        ListCommands.ContainerTable([row], Now).WriteTo(output);
        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal("CONTAINER ID   IMAGE     COMMAND                  CREATED          STATUS         NAMES", lines[0]);
        Assert.Equal("aaaaaaaaaaaa   busybox   \"sh -c while true; d…\"   10 minutes ago   Up 9 minutes   web", lines[1]);
    }

    [Fact]
    public void Image_table_splits_repository_and_tag_and_shows_untagged_as_none()
    {
        ImageDto[] images =
        [
            new() { Id = "sha256:" + new string('c', 64), RepoTags = ["busybox:latest", "localhost:5000/team/app:v2"], Created = Now.AddDays(-3), Size = 4_261_234 },
            new() { Id = "sha256:" + new string('d', 64), Created = Now.AddHours(-1), Size = 999 },
        ];
        var output = new StringWriter();
        ListCommands.ImageTable(images, Now).WriteTo(output);
        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^busybox\s+latest\s+cccccccccccc\s+3 days ago\s+4.26MB$", lines[1]);
        Assert.Matches(@"^localhost:5000/team/app\s+v2\s+", lines[2]);
        Assert.Matches(@"^<none>\s+<none>\s+dddddddddddd\s+About an hour ago\s+999B$", lines[3]);
    }
}
