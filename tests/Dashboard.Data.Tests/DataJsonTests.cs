using System.Text.Json;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Data.Tests;

public sealed class DataJsonTests
{
    [Fact]
    public void The_samples_set_every_member()
    {
        DeepAssert.EveryMemberIsSet(Samples.FullConfig());
        DeepAssert.EveryMemberIsSet(Samples.FullState());
    }

    [Fact]
    public void Every_field_of_the_config_survives_a_round_trip()
    {
        var config = Samples.FullConfig();

        DeepAssert.Equal(config, DataJson.DeserializeConfig(DataJson.SerializeConfig(config)));
    }

    [Fact]
    public void Every_field_of_the_state_survives_a_round_trip()
    {
        var state = Samples.FullState();

        var back = DataJson.DeserializeState(DataJson.SerializeState(state));

        DeepAssert.Equal(state, back);
    }

    [Fact]
    public void Defaults_and_nulls_survive_a_round_trip()
    {
        var config = new ContainerConfig { Image = "busybox", Cmd = [], Entrypoint = null };

        var back = DataJson.DeserializeConfig(DataJson.SerializeConfig(config));

        DeepAssert.Equal(config, back);
        Assert.NotNull(back.Cmd); // an empty Cmd ("run nothing extra") is not the same as null ("use the image's")
        Assert.Null(back.Entrypoint);
        Assert.Equal(RestartPolicy.No, back.RestartPolicy);
        DeepAssert.Equal(new ContainerState(), DataJson.DeserializeState(DataJson.SerializeState(new ContainerState())));
    }

    [Fact]
    public void Enums_are_stored_as_names_and_computed_properties_are_not_stored()
    {
        var json = DataJson.SerializeConfig(Samples.FullConfig());

        Assert.Contains("\"kind\":\"OnFailure\"", json);
        Assert.Contains("\"networkMode\":\"host\"", json);
        Assert.DoesNotContain("dockerName", json);
        Assert.Contains("\"status\":\"Exited\"", DataJson.SerializeState(Samples.FullState()));
    }

    [Fact]
    public void Rows_written_before_a_member_existed_or_after_one_was_added_still_load()
    {
        var back = DataJson.DeserializeConfig("""{"image":"busybox","someFutureField":{"x":1}}""");

        Assert.Equal("busybox", back.Image);
        Assert.Empty(back.Env);
        Assert.Equal(new ResourceLimits(), back.Resources);
    }

    [Fact]
    public void A_row_from_before_the_security_and_mount_options_loads_as_it_was_created()
    {
        // config_json as the previous release wrote it: no security, ulimits, mounts, ...; its pids limit was none.
        const string stored = """
            {"image":"busybox","cmd":["sleep","60"],"env":[],"labels":{},"resources":{"memoryBytes":209715200},
             "restartPolicy":{"kind":"No","maximumRetryCount":0},"networkMode":"private","pidMode":"private",
             "ipcMode":"private","utsMode":"private","binds":[],"autoRemove":false}
            """;
        var back = DataJson.DeserializeConfig(stored);

        Assert.Null(back.Resources.PidsLimit); // unlimited, as it was: the new default applies to new containers only
        Assert.False(back.Security.Privileged);
        Assert.Empty(back.Security.CapAdd);
        Assert.Null(back.Security.NoNewPrivileges);
        Assert.Null(back.Security.Seccomp);
        Assert.Empty(back.Ulimits);
        Assert.Empty(back.Mounts);
        Assert.Empty(back.Tmpfs);
        Assert.Empty(back.Devices);
        Assert.Empty(back.Sysctls);
        Assert.Null(back.ShmSizeBytes);
        Assert.Null(back.Init);
        Assert.Equal(0, back.OomScoreAdj);
    }

    [Fact]
    public void Namespace_modes_are_stored_as_text_and_round_trip()
    {
        var config = Samples.FullConfig();
        var json = DataJson.SerializeConfig(config);
        Assert.Contains("\"pidMode\":\"container:4f1c2d3e5a6b7c8d9e0f11223344556677889900aabbccddeeff001122334455\"", json);
        Assert.Contains("\"utsMode\":\"host\"", json);

        var back = DataJson.DeserializeConfig(json);
        // NamespaceMode has no settable members for DeepAssert to walk, so compare the records themselves.
        Assert.Equal(
            (config.NetworkMode, config.PidMode, config.IpcMode, config.UtsMode),
            (back.NetworkMode, back.PidMode, back.IpcMode, back.UtsMode));
        Assert.Equal(NamespaceModeKind.Container, back.PidMode.Kind);
        Assert.Equal(NamespaceMode.Private, DataJson.DeserializeConfig(DataJson.SerializeConfig(new ContainerConfig { Image = "busybox" })).IpcMode);
    }

    [Theory]
    [InlineData("None", "private")]
    [InlineData("Host", "host")]
    public void Network_modes_stored_as_the_old_enum_still_load(string stored, string expected)
    {
        var back = DataJson.DeserializeConfig($$"""{"image":"busybox","networkMode":"{{stored}}"}""");
        Assert.Equal(expected, back.NetworkMode.ToString());
        Assert.Equal(NamespaceMode.Private, back.PidMode);
    }

    [Theory]
    [InlineData("\"bridge\"")]
    [InlineData("\"container:\"")]
    [InlineData("3")]
    public void A_namespace_mode_that_is_not_one_is_rejected(string stored) =>
        Assert.Throws<JsonException>(() => DataJson.DeserializeConfig($$"""{"image":"busybox","pidMode":{{stored}}}"""));

    [Fact]
    public void A_config_without_its_required_image_is_rejected()
    {
        Assert.Throws<JsonException>(() => DataJson.DeserializeConfig("""{"cmd":["sh"]}"""));
    }

    [Fact]
    public void Attributes_round_trip_and_empty_is_an_empty_object()
    {
        var attributes = new Dictionary<string, string> { ["name"] = "web", ["exitCode"] = "137", ["weird \"key\""] = "line\nbreak" };

        DeepAssert.Equal(attributes, DataJson.DeserializeAttributes(DataJson.SerializeAttributes(attributes)));
        Assert.Equal("{}", DataJson.SerializeAttributes(new Dictionary<string, string>()));
        Assert.Empty(DataJson.DeserializeAttributes("{}"));
    }
}
