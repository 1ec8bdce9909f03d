using System.Text;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>The rules of the "Api" section; each failure names the key, the value and what is allowed.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    /// <summary>sun_path holds 108 bytes with the terminating NUL; a longer path cannot be bound.</summary>
    public const int MaxSocketPathBytes = 107;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>();
        var socket = options.UnixSocket;
        if (!string.IsNullOrWhiteSpace(socket))
        {
            if (!Path.IsPathFullyQualified(socket))
                errors.Add($"Api:UnixSocket is \"{socket}\"; it must be an absolute path, such as /run/dashboard/dashboard.sock (or empty for no socket).");
            else if (Encoding.UTF8.GetByteCount(socket) > MaxSocketPathBytes)
                errors.Add($"Api:UnixSocket is {Encoding.UTF8.GetByteCount(socket)} bytes long; a unix socket path may have at most {MaxSocketPathBytes} bytes.");
        }
        if (ParseMode(options.UnixSocketMode) is null)
            errors.Add($"Api:UnixSocketMode is \"{options.UnixSocketMode}\"; it must be an octal file mode between 0000 and 0777, such as 0660.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The mode as bits, or null when it is not octal or has more than the permission bits.</summary>
    public static UnixFileMode? ParseMode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > 4 || text.Trim().Any(c => c is < '0' or > '7')) return null;
        var mode = Convert.ToInt32(text.Trim(), 8);
        return mode is >= 0 and <= 0x1FF ? (UnixFileMode)mode : null;
    }
}
