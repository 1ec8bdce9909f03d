using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Volumes;

namespace Dashboard.Cli.Client;

public sealed partial class DashboardClient
{
    public Task<VolumeDto[]> ListVolumesAsync(CancellationToken ct) => GetJsonAsync<VolumeDto[]>("api/volumes", ct);

    public Task<VolumeDto> InspectVolumeAsync(string name, CancellationToken ct) => GetJsonAsync<VolumeDto>($"api/volumes/{Esc(name)}", ct);

    public async Task<VolumeDto> CreateVolumeAsync(VolumeCreateDto dto, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/volumes") { Content = JsonContent.Create(dto, options: ContractJson.Options) },
            HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<VolumeDto>(response, ct);
    }

    public async Task RemoveVolumeAsync(string name, bool force, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/volumes/{Esc(name)}?force={(force ? "true" : "false")}"),
            HttpCompletionOption.ResponseContentRead, ct);
    }

    public async Task<VolumePruneDto> PruneVolumesAsync(bool all, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/volumes/prune?all={(all ? "true" : "false")}"),
            HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<VolumePruneDto>(response, ct);
    }
}
