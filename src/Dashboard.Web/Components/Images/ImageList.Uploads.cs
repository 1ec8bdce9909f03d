using Dashboard.Engine;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components.Forms;

namespace Dashboard.Web.Components.Images;

/// <summary>Uploads: the browser file is streamed (never buffered whole in memory) through a counting stream into
/// the image service; progress renders at most twice a second. A file over Engine:ImageMaxUploadSize is refused
/// from its size before any of it is sent; the image service enforces every limit as it reads.</summary>
public sealed partial class ImageList
{
    private Task OnLoadFileAsync(InputFileChangeEventArgs e) => UploadAsync("load", e.File, async (stream, ct) =>
    {
        var images = await Images.LoadAsync(stream, ct);
        return images.Select(i => i.RepoTags.FirstOrDefault() ?? i.ShortId).ToList();
    });

    private Task OnImportFileAsync(InputFileChangeEventArgs e)
    {
        var reference = string.IsNullOrWhiteSpace(_importReference) ? null : _importReference.Trim();
        return UploadAsync("import", e.File, async (stream, ct) =>
        {
            var image = await Images.ImportAsync(stream, reference, $"imported from {e.File.Name}", ct);
            return [image.RepoTags.FirstOrDefault() ?? image.ShortId];
        });
    }

    private async Task UploadAsync(string kind, IBrowserFile file, Func<Stream, CancellationToken, Task<IReadOnlyList<string>>> consume)
    {
        _error = _message = null;
        if (_upload is not null) { _error = "Another upload is still running."; return; }
        if (await OperatorAsync() is not { } user) return;
        var upload = _upload = new Upload(kind, file.Name, file.Size);
        var lastRender = DateTimeOffset.MinValue;
        StateHasChanged();
        try
        {
            Limits.CheckUploadLength(file.Size);
            await using var stream = new ProgressStream(file.OpenReadStream(long.MaxValue, _stop.Token), read =>
            {
                upload.Read = read;
                var now = DateTimeOffset.UtcNow;
                if (now - lastRender < ProgressInterval) return;
                lastRender = now;
                _ = InvokeAsync(StateHasChanged);
            });
            var names = await consume(stream, _stop.Token);
            await Audit.RecordAsync(user, $"image.{kind}", string.Join(", ", names), file.Name);
            _message = $"{(kind == "load" ? "Loaded" : "Imported")} {string.Join(", ", names)} from {file.Name} ({LiveSize(upload.Read)}).";
        }
        catch (EngineException ex)
        {
            _error = $"Could not {kind} {file.Name}: {ex.Message}";
        }
        catch (IOException ex)
        {
            _error = $"The upload of {file.Name} failed: {ex.Message}";
        }
        finally
        {
            _upload = null;
            Load();
        }
    }

    private static string LiveSize(long bytes) => ByteSize.Format(bytes);
}
