using System.Runtime.CompilerServices;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>
/// The generated config.json, byte for byte, against checked-in files. After an intended change run the tests with
/// UPDATE_GOLDEN=1 to rewrite the files, then review the diff.
/// </summary>
public sealed class GoldenSpecTests
{
    public static TheoryData<string> Cases => new("default-busybox", "limits-binds-env-user", "network-host",
        "shm-on-host", "network-container", "pid-host", "pid-container", "ipc-host", "ipc-container", "uts-host",
        "caps-readonly-init", "privileged", "mounts-devices-sysctls", "seccomp-custom");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_spec_matches_golden_file(string name)
    {
        var input = name switch
        {
            "default-busybox" => SpecInputs.DefaultBusybox,
            "limits-binds-env-user" => SpecInputs.LimitsBindsEnvUser,
            "network-host" => SpecInputs.NetworkHost,
            "shm-on-host" => SpecInputs.ShmOnHost,
            "network-container" => SpecInputs.NetworkContainer,
            "pid-host" => SpecInputs.PidHost,
            "pid-container" => SpecInputs.PidContainer,
            "ipc-host" => SpecInputs.IpcHost,
            "ipc-container" => SpecInputs.IpcContainer,
            "uts-host" => SpecInputs.UtsHost,
            "caps-readonly-init" => SpecInputs.CapsReadonlyInit,
            "privileged" => SpecInputs.Privileged,
            "mounts-devices-sysctls" => SpecInputs.MountsDevicesSysctls,
            "seccomp-custom" => SpecInputs.SeccompCustom,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var actual = OciSpecGenerator.GenerateJson(input);
        var path = Path.Combine(GoldenDirectory(), name + ".json");

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"missing golden file {path}; run the tests with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Fact]
    public void Output_is_deterministic() =>
        Assert.Equal(OciSpecGenerator.GenerateJson(SpecInputs.LimitsBindsEnvUser), OciSpecGenerator.GenerateJson(SpecInputs.LimitsBindsEnvUser));

    // The source tree's copy, so UPDATE_GOLDEN rewrites what is checked in rather than the build output.
    private static string GoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Fixtures", "golden"));
}
