using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Tests;

public sealed class ContainerRepositoryTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_saved_container_loads_back_with_every_field()
    {
        var repository = new ContainerRepository(_temp.Open());
        var container = Samples.Container("web");

        await repository.SaveAsync(container, _ct);
        var loaded = Assert.Single(await repository.LoadAllAsync(_ct));

        DeepAssert.Equal(container, loaded);
        DeepAssert.Equal(container, await repository.FindAsync(container.Id, _ct));
    }

    [Fact]
    public async Task Save_replaces_the_record_and_its_query_columns()
    {
        var database = _temp.Open();
        var repository = new ContainerRepository(database);
        var container = Samples.Container("web", state: new ContainerState { Status = ContainerStatus.Created });
        await repository.SaveAsync(container, _ct);

        var running = container with { Name = "renamed", State = new ContainerState { Status = ContainerStatus.Running, Pid = 77, RestartCount = 1 } };
        await repository.SaveAsync(running, _ct);
        var exited = running with { State = running.State with { Status = ContainerStatus.Exited, Pid = null, ExitCode = 137, OomKilled = true } };
        await repository.SaveAsync(exited, _ct);

        DeepAssert.Equal(exited, Assert.Single(await repository.LoadAllAsync(_ct)));
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, status, exit_code, oom_killed, restart_count, pid FROM containers";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("renamed", reader.GetString(0));
        Assert.Equal("Exited", reader.GetString(1));
        Assert.Equal(137, reader.GetInt32(2));
        Assert.Equal(1, reader.GetInt32(3));
        Assert.Equal(1, reader.GetInt32(4));
        Assert.True(reader.IsDBNull(5));
    }

    [Fact]
    public async Task A_second_container_with_a_taken_name_is_a_name_conflict_and_changes_nothing()
    {
        var repository = new ContainerRepository(_temp.Open());
        var first = Samples.Container("web");
        await repository.SaveAsync(first, _ct);

        var error = await Assert.ThrowsAsync<NameConflictException>(() => repository.SaveAsync(Samples.Container("web"), _ct));

        Assert.IsAssignableFrom<ConflictException>(error);
        Assert.Contains(first.Id, error.Message);
        Assert.Contains("\"/web\"", error.Message);
        Assert.Equal(first.Id, Assert.Single(await repository.LoadAllAsync(_ct)).Id);
    }

    [Fact]
    public async Task Delete_removes_only_that_container_and_a_missing_id_is_not_an_error()
    {
        var repository = new ContainerRepository(_temp.Open());
        var a = Samples.Container("a");
        var b = Samples.Container("b");
        await repository.SaveAsync(a, _ct);
        await repository.SaveAsync(b, _ct);

        await repository.DeleteAsync(a.Id, _ct);
        await repository.DeleteAsync(a.Id, _ct);

        Assert.Equal(b.Id, Assert.Single(await repository.LoadAllAsync(_ct)).Id);
        Assert.Null(await repository.FindAsync(a.Id, _ct));
        // The name is free again.
        await repository.SaveAsync(Samples.Container("a"), _ct);
    }

    [Fact]
    public async Task Load_all_is_ordered_by_creation_time()
    {
        var repository = new ContainerRepository(_temp.Open());
        var late = Samples.Container("late") with { Created = Samples.T0.AddHours(2) };
        var early = Samples.Container("early") with { Created = Samples.T0.AddHours(-2) };
        await repository.SaveAsync(late, _ct);
        await repository.SaveAsync(early, _ct);

        Assert.Equal(["early", "late"], (await repository.LoadAllAsync(_ct)).Select(c => c.Name));
    }

    [Fact]
    public async Task Concurrent_saves_of_different_containers_all_land()
    {
        var repository = new ContainerRepository(_temp.Open());
        var containers = Enumerable.Range(0, 40).Select(i => Samples.Container($"c{i}")).ToList();

        await Task.WhenAll(containers.Select(c => Task.Run(() => repository.SaveAsync(c, _ct), _ct)));

        Assert.Equal(containers.Select(c => c.Id).Order(), (await repository.LoadAllAsync(_ct)).Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Another_process_holding_the_write_lock_delays_a_save_instead_of_failing_it()
    {
        var database = _temp.Open();
        var repository = new ContainerRepository(database);
        // A separate, unpooled connection stands in for another process (e.g. sqlite3 on the same file).
        await using var other = new SqliteConnection($"Data Source={database.Path};Pooling=False");
        other.Open();
        var transaction = other.BeginTransaction(deferred: false);

        // Task.Run: Microsoft.Data.Sqlite runs "async" commands synchronously, and this one waits for the lock.
        var save = Task.Run(() => repository.SaveAsync(Samples.Container("web"), _ct), _ct);
        await Task.Delay(300, _ct);
        transaction.Commit();
        await save;

        Assert.Single(await repository.LoadAllAsync(_ct));
    }
}
