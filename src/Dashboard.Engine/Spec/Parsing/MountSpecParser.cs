using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Dashboard.Engine.Volumes;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// docker <c>--mount</c>: comma-separated key=value fields (CSV, so a value with a comma is written in double quotes),
/// as the docker CLI reads them. Types bind, tmpfs and volume are supported (a volume mount comes out as a
/// <see cref="VolumeMount"/>, without a source an anonymous one); image and the others are refused with a message
/// saying so. Without a type the CLI assumes volume, and so does this parser.
/// </summary>
public static class MountSpecParser
{
    public static readonly IReadOnlyList<string> Propagations = ["private", "rprivate", "shared", "rshared", "slave", "rslave"];

    /// <summary>Parses one --mount; exactly one of <paramref name="mount"/> (bind, tmpfs) and <paramref name="volume"/>
    /// (volume) is set on success.</summary>
    public static bool TryParse(string? text, out MountSpec? mount, out VolumeMount? volume, [NotNullWhen(false)] out string? error)
    {
        mount = null;
        volume = null;
        var spec = (text ?? "").Trim();
        if (!TrySplit(spec, out var fields, out error)) return false;

        string type = "volume", target = "";
        string? source = null, propagation = null, recursive = null;
        bool readOnly = false, nonRecursive = false, createSource = false, bindOptions = false, tmpfsOptions = false, volumeOptions = false;
        bool noCopy = false;
        var volumeLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        long? size = null;
        uint? mode = null;
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).Trim().ToLowerInvariant();
            var value = eq < 0 ? null : field[(eq + 1)..];
            bool? flag = value switch
            {
                null => true,
                "1" => true,
                "0" => false,
                _ => bool.TryParse(value, out var b) ? b : null,
            };
            bool Flag(out bool result)
            {
                result = flag ?? false;
                return flag is not null;
            }
            var badFlag = $"invalid value for {key}: {value} (in --mount {spec}); use true or false";
            switch (key)
            {
                case "type": type = (value ?? "").Trim().ToLowerInvariant(); break;
                case "source" or "src": source = value; break;
                case "target" or "dst" or "destination": target = value ?? ""; break;
                case "readonly" or "ro": if (!Flag(out readOnly)) { error = badFlag; return false; } break;
                // Only macOS file sharing honours the relaxed modes; a Linux bind mount is always consistent, which
                // satisfies every one of them.
                case "consistency" when value is "default" or "consistent" or "cached" or "delegated": break;
                case "bind-propagation": bindOptions = true; propagation = (value ?? "").ToLowerInvariant(); break;
                case "bind-nonrecursive": bindOptions = true; if (!Flag(out nonRecursive)) { error = badFlag; return false; } break;
                case "bind-recursive": bindOptions = true; recursive = (value ?? "").ToLowerInvariant(); break;
                case "bind-create-src": bindOptions = true; if (!Flag(out createSource)) { error = badFlag; return false; } break;
                case "tmpfs-size":
                    tmpfsOptions = true;
                    if (!ByteSize.TryParse(value, out var bytes, out _) || bytes <= 0)
                    {
                        error = $"invalid value for tmpfs-size: {value} (in --mount {spec}); use a size like 64m";
                        return false;
                    }
                    size = bytes;
                    break;
                case "tmpfs-mode":
                    tmpfsOptions = true;
                    if (!TryOctal(value, out var m))
                    {
                        error = $"invalid value for tmpfs-mode: {value} (in --mount {spec}); use octal permissions like 1770";
                        return false;
                    }
                    mode = m;
                    break;
                case "volume-nocopy": volumeOptions = true; if (!Flag(out noCopy)) { error = badFlag; return false; } break;
                case "volume-label":
                    volumeOptions = true;
                    var labelEq = (value ?? "").IndexOf('=');
                    if (string.IsNullOrEmpty(value) || labelEq == 0)
                    {
                        error = $"invalid value for volume-label: {value} (in --mount {spec}); use volume-label=KEY=VALUE";
                        return false;
                    }
                    volumeLabels[labelEq < 0 ? value : value[..labelEq]] = labelEq < 0 ? "" : value[(labelEq + 1)..];
                    break;
                case "volume-driver" when value is "local" or "": volumeOptions = true; break;
                case "volume-driver":
                    error = $"--mount {spec}: volume driver '{value}' is not available: this engine has the local driver only";
                    return false;
                case "volume-opt":
                    error = $"--mount {spec}: volume-opt is not supported: create the volume first with docker volume create (its options are refused too), then mount it by name";
                    return false;
                case "volume-subpath":
                    error = $"--mount {spec}: volume-subpath is not supported yet: mount the whole volume";
                    return false;
                default:
                    error = value is null
                        ? $"invalid field '{field}' must be a key=value pair (in --mount {spec})"
                        : $"unexpected key '{key}' in '{field}' (in --mount {spec}): use type, source, target, readonly, bind-propagation, bind-recursive, bind-create-src, tmpfs-size, tmpfs-mode, volume-nocopy or volume-label";
                    return false;
            }
        }

        error = Check();
        if (error is not null) return false;
        if (type == "volume")
        {
            volume = new VolumeMount
            {
                Name = source ?? "",
                Destination = Clean(target),
                ReadOnly = readOnly,
                NoCopy = noCopy,
                Anonymous = string.IsNullOrEmpty(source),
                Origin = VolumeOrigin.Mount,
                Labels = volumeLabels,
            };
            return true;
        }
        mount = new MountSpec
        {
            Type = type == "bind" ? MountKind.Bind : MountKind.Tmpfs,
            Source = type == "bind" ? Clean(source!) : null,
            Target = Clean(target),
            ReadOnly = readOnly,
            Propagation = propagation is null or "" or "rprivate" ? null : propagation,
            NonRecursive = nonRecursive || recursive == "disabled",
            CreateSource = createSource,
            TmpfsSizeBytes = size,
            TmpfsMode = mode,
        };
        return true;

        string? Check()
        {
            switch (type)
            {
                case "bind" or "tmpfs" or "volume":
                    break;
                case "":
                    return $"--mount {spec}: type is required: use type=bind, type=volume or type=tmpfs";
                default:
                    return $"--mount {spec}: mount type '{type}' is not supported: use type=bind, type=volume or type=tmpfs";
            }
            if (volumeOptions && type != "volume") return $"--mount {spec}: cannot mix 'volume-*' options with mount type '{type}'";
            if (bindOptions && type != "bind") return $"--mount {spec}: cannot mix 'bind-*' options with mount type '{type}'";
            if (tmpfsOptions && type != "tmpfs") return $"--mount {spec}: cannot mix 'tmpfs-*' options with mount type '{type}'";
            if (target.Length == 0) return $"--mount {spec}: target is required, e.g. target=/data";
            if (!target.StartsWith('/')) return $"--mount {spec}: invalid mount path: '{target}' mount path must be absolute";
            if (Clean(target) == "/") return $"--mount {spec}: invalid specification: the destination can't be '/'";
            if (type == "tmpfs" && !string.IsNullOrEmpty(source)) return $"--mount {spec}: invalid mount config for type \"tmpfs\": field Source must not be specified";
            if (type == "volume")
                return string.IsNullOrEmpty(source) || VolumeNames.TryValidate(source, out var nameError) ? null : $"--mount {spec}: {nameError}";
            if (type != "bind") return null;
            if (string.IsNullOrEmpty(source)) return $"--mount {spec}: invalid mount config for type \"bind\": field Source must not be empty";
            if (!source.StartsWith('/')) return $"--mount {spec}: invalid mount path: '{source}' mount path must be absolute";
            if (propagation is not null && !Propagations.Contains(propagation))
                return $"--mount {spec}: invalid propagation mode: {propagation}; use one of {string.Join(", ", Propagations)}";
            return recursive switch
            {
                null or "enabled" or "disabled" => null,
                "writable" when readOnly => null, // read-only at the top only: what readonly does here anyway
                "writable" => $"--mount {spec}: bind-recursive=writable only makes sense with readonly",
                "readonly" => $"--mount {spec}: bind-recursive=readonly (recursively read-only submounts) is not supported yet; use readonly, which makes the mount itself read-only",
                _ => $"--mount {spec}: invalid value for bind-recursive: {recursive}; use enabled, disabled, writable or readonly",
            };
        }
    }

    /// <summary>One CSV field for a --mount value: quoted when it holds a comma or a quote.</summary>
    public static string Field(string key, string value)
    {
        var field = key + "=" + value;
        return field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }

    /// <summary>A parsed mount in the --mount form (for messages and the docker run preview).</summary>
    public static string Format(MountSpec m)
    {
        var fields = new List<string> { "type=" + (m.Type == MountKind.Bind ? "bind" : "tmpfs") };
        if (m.Source is not null) fields.Add(Field("source", m.Source));
        fields.Add(Field("target", m.Target));
        if (m.ReadOnly) fields.Add("readonly");
        if (m.Propagation is not null) fields.Add("bind-propagation=" + m.Propagation);
        if (m.NonRecursive) fields.Add("bind-recursive=disabled");
        if (m.CreateSource) fields.Add("bind-create-src");
        if (m.TmpfsSizeBytes is { } size) fields.Add("tmpfs-size=" + size.ToString(CultureInfo.InvariantCulture));
        if (m.TmpfsMode is { } mode) fields.Add("tmpfs-mode=" + Convert.ToString(mode, 8));
        return string.Join(',', fields);
    }

    private static bool TryOctal(string? text, out uint mode)
    {
        mode = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 11 || text.Any(c => c is < '0' or > '7')) return false;
        foreach (var c in text) mode = mode * 8 + (uint)(c - '0');
        return mode <= 0xFFF; // octal 7777
    }

    /// <summary>One CSV record, as Go's encoding/csv reads it: "" inside quotes is a quote.</summary>
    private static bool TrySplit(string text, out List<string> fields, [NotNullWhen(false)] out string? error)
    {
        fields = [];
        error = null;
        if (text.Length == 0)
        {
            error = "--mount needs a value, e.g. type=bind,source=/srv/data,target=/data";
            return false;
        }
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        error = $"--mount {text}: a quoted field is not closed";
                        return false;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',')
                {
                    error = $"--mount {text}: extraneous text after a quoted field";
                    return false;
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',') field.Append(text[i++]);
            }
            fields.Add(field.ToString());
            if (i >= text.Length) return true;
            i++; // the comma
        }
    }

    private static string Clean(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
