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
        Assert.Equal(state, back); // ContainerState has no collections, so record equality applies as well
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
        Assert.Contains("\"networkMode\":\"Host\"", json);
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
