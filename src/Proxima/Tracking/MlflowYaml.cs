using System.Globalization;
using System.Text;

namespace Proxima.Tracking;

/// <summary>
/// Writes and reads the flat <c>meta.yaml</c> files of MLflow's file store: one <c>key: value</c> per line, with
/// strings single-quoted, integers plain, <c>null</c> and empty lists (<c>[]</c>).
/// </summary>
internal static class MlflowYaml
{
    /// <summary>Serializes <paramref name="fields"/> (string, long, int, null or an empty list) in key order.</summary>
    public static string Write(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sb.Append(key).Append(": ").Append(Scalar(value)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Reads a flat file written by <see cref="Write"/> (or by MLflow), unquoting strings; null stays null.</summary>
    public static Dictionary<string, string?> Read(string text)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == ' ' || line[0] == '-' || colon < 0)
            {
                if (line.EndsWith(':') && line[0] != ' ')
                {
                    result[line[..^1]] = null;
                }

                continue;
            }

            string key = line[..colon];
            string value = line[(colon + 2)..].Trim();
            result[key] = value switch
            {
                "null" or "~" => null,
                _ when value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' => value[1..^1].Replace("''", "'", StringComparison.Ordinal),
                _ when value.Length >= 2 && value[0] == '"' && value[^1] == '"' => System.Text.Json.JsonSerializer.Deserialize<string>(value),
                _ => value,
            };
        }

        return result;
    }

    // YAML double-quoted scalars accept JSON string escapes; used for strings with line breaks or control characters.
    private static string JsonQuoted(string s) =>
        System.Text.Json.JsonSerializer.Serialize(s, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        string s when s.Any(char.IsControl) => JsonQuoted(s),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        System.Collections.ICollection { Count: 0 } => "[]",
        _ => throw new ArgumentException($"unsupported YAML value {value.GetType()}", nameof(value)),
    };
}
