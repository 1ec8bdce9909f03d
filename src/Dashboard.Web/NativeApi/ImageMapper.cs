using Dashboard.Contracts.Images;
using Dashboard.Engine.Images;

namespace Dashboard.Web.NativeApi;

public static class ImageMapper
{
    public static ImageDto ToDto(ImageRecord i) => new()
    {
        Id = i.Id,
        RepoTags = i.RepoTags,
        Created = i.Created,
        Size = i.Size,
        Layers = i.Layers,
        Comment = i.Comment,
        Architecture = i.Architecture,
        Os = i.Os,
    };
}
