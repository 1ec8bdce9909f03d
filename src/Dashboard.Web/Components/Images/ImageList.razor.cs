using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Dashboard.Web.Components.Images;

/// <summary>The image store: list with usage counts, remove (optionally forced), and uploads for docker load
/// (save / OCI archives) and docker import (rootfs tarball + reference), streamed straight from the browser.</summary>
public sealed partial class ImageList : IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<ImageRecord> _images = [];
    private Dictionary<string, int> _usedBy = new(StringComparer.Ordinal);
    private ImageRecord? _pendingRemove;
    private bool _force;
    private string? _error;
    private string? _message;
    private string _importReference = "";
    private Upload? _upload;

    [Inject] private IImageService Images { get; set; } = default!;
    [Inject] private ImageLimits Limits { get; set; } = default!;
    [Inject] private IContainerEngine Engine { get; set; } = default!;
    [Inject] private UiActions Actions { get; set; } = default!;
    private bool _canChange;

    /// <summary>The upload in flight: what, how many bytes of how many have been read so far.</summary>
    private sealed record Upload(string Kind, string FileName, long Size)
    {
        public long Read { get; set; }
        public double Percent => Size == 0 ? 100 : Math.Min(100, Read * 100.0 / Size);
    }

    protected override void OnInitialized() => Load();

    protected override async Task OnInitializedAsync() => _canChange = await Actions.CanAsync(UiPermission.ChangeImages);

    private void Load()
    {
        _images = Images.List().OrderBy(i => i.RepoTags.FirstOrDefault() ?? "~" + i.Id, StringComparer.Ordinal).ToList();
        _usedBy = Engine.List().GroupBy(c => c.ImageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private int UsedBy(ImageRecord image) => _usedBy.GetValueOrDefault(image.Id);

    private void AskRemove(ImageRecord image)
    {
        _pendingRemove = image;
        _force = false;
        _error = _message = null;
    }

    private async Task RemoveAsync()
    {
        if (_pendingRemove is not { } image) return;
        var reference = image.RepoTags.FirstOrDefault() ?? image.Id;
        try
        {
            var results = await Actions.RemoveImageAsync(reference, _force, _stop.Token);
            _message = $"Removed {reference} ({results.Count(r => r.Deleted is not null)} deleted, {results.Count(r => r.Untagged is not null)} untagged).";
            _pendingRemove = null;
        }
        catch (ImageInUseException e)
        {
            _error = $"{reference} is in use: {e.Message}. Remove the container first, or use force to remove only the tag.";
        }
        catch (EngineException e)
        {
            _error = $"Could not remove {reference}: {e.Message}";
        }
        catch (ActionRefusedException e)
        {
            _error = e.Message;
        }
        Load();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
