namespace Dashboard.Engine.Spec.Validation;

/// <summary>--network: an isolated namespace with loopback only ("none"), the host's, or another container's.</summary>
internal static class NetworkRules
{
    /// <summary>null when invalid (the error is recorded).</summary>
    public static NamespaceMode? Validate(string? network, string? name, ValidationErrors errors)
    {
        var mode = network?.Trim() ?? "";
        switch (mode)
        {
            case "" or "default" or "none":
                return NetworkMode.None;
            case "host":
                return NetworkMode.Host;
            case "bridge":
                errors.Add("network", "bridge networking is not available in this engine; use --network none, host or container:NAME");
                return null;
        }
        if (NamespaceRules.IsContainerMode(mode))
            return NamespaceRules.ContainerTarget(mode, "network", name, errors);
        errors.Add("network", $"network '{mode}' not found: this engine has no user-defined networks; use --network none, host or container:NAME");
        return null;
    }
}
