using System.Globalization;

namespace Proxima.Cli.Config;

/// <summary>Writes flat settings back as YAML that <see cref="ConfigLoader"/> reads (the run's resolved config).</summary>
public static class ConfigWriter
{
    /// <summary>The settings as YAML, one <c>key: value</c> line per setting in key order.</summary>
    public static string ToYaml(IReadOnlyDictionary<string, object?> settings)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(key).Append(": ").AppendLine(Format(value));
        }

        return sb.ToString();
    }

    /// <summary>One value in the YAML form <see cref="ConfigLoader"/> reads back.</summary>
    public static string FormatValue(object? value) => Format(value);

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s when s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '+') => s,
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        IDictionary<string, object?> map => "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {Format(kv.Value)}")) + "}",
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
