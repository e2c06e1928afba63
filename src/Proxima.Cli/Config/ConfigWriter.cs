using System.Globalization;

namespace Proxima.Cli.Config;

/// <summary>Writes flat settings back as YAML that <see cref="ConfigLoader"/> reads (the run's resolved config).</summary>
public static class ConfigWriter
{
    public static string ToYaml(IReadOnlyDictionary<string, object?> settings)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(key).Append(": ").AppendLine(Format(value));
        }

        return sb.ToString();
    }

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
