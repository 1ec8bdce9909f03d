namespace Dashboard.Engine.Spec.Validation;

/// <summary>--network: the engine offers an isolated namespace with loopback only ("none") or the host's.</summary>
internal static class NetworkRules
{
    /// <summary>null when invalid (the error is recorded).</summary>
    public static NetworkMode? Validate(string? network, ValidationErrors errors)
    {
        var mode = network?.Trim() ?? "";
        switch (mode)
        {
            case "" or "default" or "none":
                return NetworkMode.None;
            case "host":
                return NetworkMode.Host;
            case "bridge":
                errors.Add("network", "bridge networking is not available in this engine; use --network none or --network host");
                return null;
        }
        if (mode.StartsWith("container:", StringComparison.Ordinal))
            errors.Add("network", $"network mode '{mode}' is not supported yet; use --network none or --network host");
        else
            errors.Add("network", $"network '{mode}' not found: this engine has no user-defined networks; use --network none or --network host");
        return null;
    }
}
