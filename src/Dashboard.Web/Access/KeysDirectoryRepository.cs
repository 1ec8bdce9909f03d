using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Dashboard.Web.Access;

/// <summary>
/// PersistKeysToFileSystem with the directory read when a key is first read or written, not when the pipeline is
/// built (UseAntiforgery resolves the key manager then): the directory comes from Engine:DataRoot, which is validated at
/// start, so a bad setting is reported by the start's check instead of failing the build of the app.
/// </summary>
internal sealed class KeysDirectoryRepository(Func<string> directory, ILoggerFactory loggers) : IXmlRepository
{
    private readonly Lazy<FileSystemXmlRepository> _inner = new(() => new FileSystemXmlRepository(new DirectoryInfo(directory()), loggers));

    public IReadOnlyCollection<XElement> GetAllElements() => _inner.Value.GetAllElements();

    public void StoreElement(XElement element, string friendlyName) => _inner.Value.StoreElement(element, friendlyName);
}
