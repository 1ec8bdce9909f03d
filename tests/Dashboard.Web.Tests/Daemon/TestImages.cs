using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Builds small image archives from the host's static busybox, in the formats docker import/load take.</summary>
public static class TestImages
{
    public static string BusyboxRootfs(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "bin"));
        File.Copy("/bin/busybox", Path.Combine(dir, "bin", "busybox"));
        File.CreateSymbolicLink(Path.Combine(dir, "bin", "sh"), "busybox");
        foreach (var sub in new[] { "etc", "tmp", "proc", "sys", "dev" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        return dir;
    }

    public static void Tar(string dir, string output)
    {
        using var process = Process.Start("tar", ["-C", dir, "-cf", output, "."])!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("tar failed");
    }

    /// <summary>A docker-save archive: manifest.json, the config blob and one layer; <paramref name="exposedPorts"/> are
    /// the config's ExposedPorts (a Dockerfile's EXPOSE).</summary>
    public static void DockerSaveArchive(string layerTar, string tag, string output, IReadOnlyList<string>? exposedPorts = null)
    {
        var staging = Directory.CreateTempSubdirectory("dash-save-").FullName;
        try
        {
            var layerBytes = File.ReadAllBytes(layerTar);
            var diffId = Convert.ToHexStringLower(SHA256.HashData(layerBytes));
            Directory.CreateDirectory(Path.Combine(staging, diffId));
            File.WriteAllBytes(Path.Combine(staging, diffId, "layer.tar"), layerBytes);
            var config = JsonSerializer.SerializeToUtf8Bytes(new
            {
                architecture = "amd64",
                os = "linux",
                created = "2026-11-28T00:00:00Z",
                config = exposedPorts is null
                    ? (object)new { Cmd = new[] { "/bin/sh" }, Env = new[] { "PATH=/bin" } }
                    : new { Cmd = new[] { "/bin/sh" }, Env = new[] { "PATH=/bin" }, ExposedPorts = exposedPorts.ToDictionary(p => p, _ => new { }) },
                rootfs = new { type = "layers", diff_ids = new[] { $"sha256:{diffId}" } },
            });
            var configName = Convert.ToHexStringLower(SHA256.HashData(config)) + ".json";
            File.WriteAllBytes(Path.Combine(staging, configName), config);
            File.WriteAllText(Path.Combine(staging, "manifest.json"), JsonSerializer.Serialize(new[]
            {
                new Dictionary<string, object> { ["Config"] = configName, ["RepoTags"] = new[] { tag }, ["Layers"] = new[] { $"{diffId}/layer.tar" } },
            }));
            Tar(staging, output);
        }
        finally
        {
            Directory.Delete(staging, true);
        }
    }
}
