using Microsoft.Extensions.Options;

namespace Dashboard.Web.DockerApi;

/// <summary>The rules of the "DockerApi" section; each failure names the key, the value and what is allowed.</summary>
public sealed class DockerApiOptionsValidator : IValidateOptions<DockerApiOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerApiOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServerVersion))
            errors.Add("DockerApi:ServerVersion is empty; it must be a version such as \"1.0.0\" (the docker CLI prints it and reads the Server header).");
        if (string.IsNullOrWhiteSpace(options.DaemonId))
            errors.Add("DockerApi:DaemonId is empty; it must be a stable id for /info, such as \"DASHBOARD\".");
        if (options.CgroupVersion is { } version && version is not (1 or 2))
            errors.Add($"DockerApi:CgroupVersion is {version}; it must be 1 or 2, or empty to follow the host.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
