using Dashboard.Engine;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components.Forms;

namespace Dashboard.Web.Components.Images;

/// <summary>Uploads: the browser file is streamed (never buffered whole in memory) through a counting stream into
/// the image service; progress renders at most twice a second. A file over Engine:ImageMaxUploadSize is refused
/// from its size before any of it is sent; the image service enforces every limit as it reads.</summary>
public sealed partial class ImageList
{
    private Task OnLoadFileAsync(InputFileChangeEventArgs e) =>
        UploadAsync("load", e.File, (open, ct) => Actions.LoadImagesAsync(open, e.File.Name, ct));

    private Task OnImportFileAsync(InputFileChangeEventArgs e)
    {
        var reference = string.IsNullOrWhiteSpace(_importReference) ? null : _importReference.Trim();
        return UploadAsync("import", e.File, (open, ct) => Actions.ImportImageAsync(open, reference, e.File.Name, ct));
    }

    /// <param name="consume">Takes the upload (opened only when the action is allowed) to the image service: a
    /// <see cref="UiActions"/> call, which authorizes and audits it.</param>
    private async Task UploadAsync(string kind, IBrowserFile file, Func<Func<Stream>, CancellationToken, Task<IReadOnlyList<string>>> consume)
    {
        _error = _message = null;
        if (_upload is not null) { _error = "Another upload is still running."; return; }
        var upload = _upload = new Upload(kind, file.Name, file.Size);
        var lastRender = DateTimeOffset.MinValue;
        StateHasChanged();
        try
        {
            Limits.CheckUploadLength(file.Size);
            var names = await consume(() => new ProgressStream(file.OpenReadStream(long.MaxValue, _stop.Token), read =>
            {
                upload.Read = read;
                var now = DateTimeOffset.UtcNow;
                if (now - lastRender < ProgressInterval) return;
                lastRender = now;
                _ = InvokeAsync(StateHasChanged);
            }), _stop.Token);
            _message = $"{(kind == "load" ? "Loaded" : "Imported")} {string.Join(", ", names)} from {file.Name} ({LiveSize(upload.Read)}).";
        }
        catch (ActionRefusedException ex)
        {
            _error = ex.Message;
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
