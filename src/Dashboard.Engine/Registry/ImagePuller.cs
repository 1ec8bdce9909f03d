using System.Net;
using System.Security.Cryptography;
using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Registry;

/// <summary>
/// docker pull over the OCI distribution API. The manifest (and, for a manifest list or index, the one for the
/// platform) and the config are fetched and digest-checked first; the image id is the config's digest. Layers the
/// store lacks are streamed from the network through the digest check and the decompressor straight into the layer
/// extractor (no copy of the blob on disk), a few at a time over all pulls, each unpacked once even when several pulls
/// want it. The blob digest and the diff id are both checked before the layers and the image are committed together.
/// </summary>
public sealed class ImagePuller : IImagePuller
{
    private const long MaxManifestBytes = 4 << 20;
    private const long MaxConfigBytes = 8 << 20;
    private readonly ImageService _images;
    private readonly EventHub _events;
    private readonly RegistryOptions _options;
    private readonly ILogger<ImagePuller> _logger;
    private readonly SharedLayerDownloads _downloads = new();
    private readonly SemaphoreSlim _downloadSlots;

    public ImagePuller(ImageService images, EventHub events, RegistryOptions options, ILogger<ImagePuller> logger)
    {
        _images = images;
        _events = events;
        _options = options;
        _logger = logger;
        _downloadSlots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentDownloads));
    }

    public async Task LoginAsync(string serverAddress, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        using var client = new RegistryClient(RegistryEndpoints.NormaliseHost(serverAddress), "", credentials, _options);
        await client.LoginAsync(cancellationToken);
    }

    public async Task<PullResult> PullAsync(string reference, string? platform, RegistryCredentials? credentials,
        Action<PullProgress> progress, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        var wanted = platform is null ? PlatformSelector.Host : PlatformSelector.Parse(platform);
        using var client = new RegistryClient(parsed.Registry, parsed.RepositoryPath, credentials, _options);

        var (topBytes, topType, topDigest) = await FetchManifestAsync(client, parsed, parsed.Digest ?? parsed.Tag, cancellationToken);
        var manifestBytes = topBytes;
        var manifestType = topType;
        if (ManifestDocument.IsIndex(topType))
        {
            var entries = ManifestDocument.ReadIndex(topBytes);
            var chosen = PlatformSelector.Select(entries, wanted) ?? throw new RegistryNotFoundException(
                $"no matching manifest for {PlatformSelector.Describe(wanted)} in the manifest list entries of {parsed}" +
                $" (it has {string.Join(", ", entries.Where(e => e.Platform is not null).Select(e => PlatformSelector.Describe(e.Platform!)).Distinct())})");
            (manifestBytes, manifestType, _) = await FetchManifestAsync(client, parsed, chosen.Digest, cancellationToken);
        }
        var manifest = ManifestDocument.ReadImage(manifestBytes, manifestType);
        if (manifest.Layers.FirstOrDefault(l => l.Urls is { Count: > 0 } || l.MediaType.Contains("foreign", StringComparison.Ordinal)) is { } foreign)
            throw new RegistryException($"layer {foreign.Digest} is a foreign (non-distributable) layer, which this engine does not fetch");
        var configBytes = await FetchSmallBlobAsync(client, manifest.Config, MaxConfigBytes, cancellationToken);
        ParsedImageConfig config;
        try { config = ImageConfigJson.Parse(configBytes, "config " + manifest.Config.Digest); }
        catch (InvalidArchiveException e) { throw new RegistryException(e.Message); }
        if (config.DiffIds.Count != manifest.Layers.Count)
            throw new RegistryException($"the manifest of {parsed} lists {manifest.Layers.Count} layers but its config has {config.DiffIds.Count} diff ids");

        var tag = parsed.Digest is null ? parsed.FamiliarTag : null;
        var imageId = manifest.Config.Digest;
        progress(new PullProgress(parsed.Digest ?? parsed.Tag, $"Pulling from {(parsed.Domain is null ? parsed.RepositoryPath : parsed.Path)}"));

        bool downloaded;
        ImageRecord image;
        if (_images.HasImage(imageId))
        {
            foreach (var layer in manifest.Layers) progress(new PullProgress(layer.ShortId, "Already exists"));
            downloaded = tag is not null && !(_images.TryResolve(tag, out var current) && current.Id == imageId);
            image = await _images.TagExistingAsync(imageId, tag, cancellationToken);
        }
        else
        {
            image = await DownloadAndCommitAsync(client, manifest, config, configBytes, tag, progress, cancellationToken);
            downloaded = true;
        }
        progress(new PullProgress(null, $"Digest: {topDigest}"));
        var shown = parsed.Digest is null ? parsed.FamiliarTag : parsed.ToString();
        progress(new PullProgress(null, downloaded ? $"Status: Downloaded newer image for {shown}" : $"Status: Image is up to date for {shown}"));
        await _events.PublishAsync(EventTypes.Image, EventActions.Pull, parsed.ToString(),
            new Dictionary<string, string> { [EventAttributeKeys.Name] = parsed.ToString() }, CancellationToken.None);
        return new PullResult(image, topDigest, downloaded, shown);
    }

    private async Task<ImageRecord> DownloadAndCommitAsync(RegistryClient client, ImageManifest manifest, ParsedImageConfig config,
        byte[] configBytes, string? tag, Action<PullProgress> progress, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = _images.NewPullBudget();
        var leases = new List<SharedLayerDownloads.Lease>();
        try
        {
            var layers = new Task<PulledLayer>[manifest.Layers.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < manifest.Layers.Count; i++)
            {
                var blob = manifest.Layers[i];
                var diffId = config.DiffIds[i];
                if (_images.HasLayer(diffId) || !seen.Add(diffId))
                {
                    progress(new PullProgress(blob.ShortId, "Already exists"));
                    layers[i] = Task.FromResult(new PulledLayer(diffId, null, 0));
                    continue;
                }
                progress(new PullProgress(blob.ShortId, "Pulling fs layer"));
                client.Retain(); // released by the download, which may outlive this pull when another joins it
                var lease = _downloads.Acquire(diffId, ct => DownloadLayerAsync(client, blob, diffId, budget, progress, ct));
                leases.Add(lease);
                if (!lease.Started)
                {
                    client.Dispose();
                    progress(new PullProgress(blob.ShortId, "Waiting"));
                }
                layers[i] = WaitAndReportAsync(lease, blob, progress, failed.Token);
            }
            PulledLayer[] pulled;
            try { pulled = await Task.WhenAll(layers); }
            catch
            {
                failed.Cancel(); // one layer failed: the others stop too
                throw;
            }
            // A layer that was here at the start is committed as "already there" (with its work directory, if any).
            var all = pulled.Select((p, i) => p with { DiffId = config.DiffIds[i] }).ToList();
            return await _images.CommitPulledAsync(configBytes, all, tag, cancellationToken);
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
        }
    }

    private static async Task<PulledLayer> WaitAndReportAsync(SharedLayerDownloads.Lease lease, Descriptor blob, Action<PullProgress> progress, CancellationToken cancellationToken)
    {
        var layer = await lease.WaitAsync(cancellationToken);
        if (!lease.Started) progress(new PullProgress(blob.ShortId, "Download complete"));
        progress(new PullProgress(blob.ShortId, "Pull complete"));
        return layer;
    }

    private async Task<PulledLayer> DownloadLayerAsync(RegistryClient client, Descriptor blob, string diffId, UnpackBudget budget,
        Action<PullProgress> progress, CancellationToken cancellationToken)
    {
        var id = blob.ShortId;
        progress(new PullProgress(id, "Waiting"));
        try
        {
            await _downloadSlots.WaitAsync(cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        try
        {
            using var response = await client.GetAsync($"/v2/{client.Repository}/blobs/{blob.Digest}", null, cancellationToken);
            await EnsureBlobFoundAsync(response, blob, cancellationToken);
            await using var network = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var cancel = cancellationToken.Register(() => response.Dispose()); // unblocks a synchronous read
            long lastReported = 0;
            var verifying = new VerifyingBlobStream(network, blob, read =>
            {
                if (read - lastReported < 256 * 1024 && read != blob.Size) return;
                lastReported = read;
                progress(new PullProgress(id, "Downloading", read, blob.Size));
            });
            try
            {
                // The network stream feeds the extractor directly: download and unpacking overlap, nothing is spooled.
                var (work, result) = await Task.Run(() => _images.ExtractToTemp(verifying, budget), cancellationToken);
                try
                {
                    progress(new PullProgress(id, "Verifying Checksum"));
                    verifying.Verify();
                    if (result.DiffId != diffId)
                        throw new RegistryDigestMismatchException($"layer {blob.Digest} unpacks to {result.DiffId}, but the image config says {diffId}");
                    cancellationToken.ThrowIfCancellationRequested();
                    progress(new PullProgress(id, "Download complete"));
                    progress(new PullProgress(id, "Extracting", result.Size, result.Size));
                    return new PulledLayer(diffId, work, result.Size);
                }
                catch
                {
                    ImageService.DeleteWorkDirectory(work);
                    throw;
                }
            }
            catch (InvalidArchiveException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Unreadable content is most often content that is not what the manifest named: say so if it is.
                try { verifying.Verify(); }
                catch (RegistryException mismatch) { throw new RegistryDigestMismatchException(mismatch.Message); }
                catch (Exception) when (!cancellationToken.IsCancellationRequested) { }
                throw new RegistryException($"layer {blob.Digest} cannot be unpacked: {e.Message}");
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException("the pull was cancelled", e, cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && e is not RegistryException)
            {
                throw new RegistryException($"downloading layer {blob.Digest} failed: {e.Message}", e);
            }
            finally
            {
                verifying.Release();
            }
        }
        finally
        {
            _downloadSlots.Release();
            client.Dispose();
        }
    }


    private static async Task EnsureBlobFoundAsync(HttpResponseMessage response, Descriptor blob, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await RegistryClient.ErrorTextAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new RegistryException($"the registry has no blob {blob.Digest}: {text}");
        throw new RegistryException($"fetching blob {blob.Digest} failed: {text}");
    }

    private static async Task<(byte[] Bytes, string MediaType, string Digest)> FetchManifestAsync(
        RegistryClient client, ImageReference reference, string tagOrDigest, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/v2/{client.Repository}/manifests/{tagOrDigest}", ManifestDocument.Accept, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var text = await RegistryClient.ErrorTextAsync(response, cancellationToken);
            throw new RegistryNotFoundException(text.Contains("name unknown", StringComparison.Ordinal)
                ? $"pull access denied for {reference.FamiliarName}, repository does not exist or may require 'docker login': {text}"
                : $"manifest for {reference} not found: {text}");
        }
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"fetching the manifest of {reference} failed: {await RegistryClient.ErrorTextAsync(response, cancellationToken)}");
        var bytes = await ReadLimitedAsync(response, MaxManifestBytes, "manifest", cancellationToken);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (tagOrDigest.StartsWith("sha256:", StringComparison.Ordinal) && digest != tagOrDigest)
            throw new RegistryDigestMismatchException($"manifest verification failed for digest {tagOrDigest}: the registry sent content with digest {digest}");
        return (bytes, ManifestDocument.MediaTypeOf(bytes, response.Content.Headers.ContentType?.MediaType), digest);
    }

    private static async Task<byte[]> FetchSmallBlobAsync(RegistryClient client, Descriptor blob, long limit, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/v2/{client.Repository}/blobs/{blob.Digest}", null, cancellationToken);
        await EnsureBlobFoundAsync(response, blob, cancellationToken);
        var bytes = await ReadLimitedAsync(response, limit, "config", cancellationToken);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (digest != blob.Digest)
            throw new RegistryDigestMismatchException($"image config verification failed for digest {blob.Digest}: the registry sent content with digest {digest}");
        return bytes;
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, long limit, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
            throw new RegistryException($"the registry's {what} is {response.Content.Headers.ContentLength} bytes, more than the {limit} this engine accepts");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[65536];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > limit) throw new RegistryException($"the registry's {what} is more than the {limit} bytes this engine accepts");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
