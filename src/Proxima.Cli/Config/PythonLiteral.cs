using System.Globalization;

namespace Proxima.Cli.Config;

/// <summary>
/// Parses the small Python expressions rl-baselines3-zoo writes in its YAML (for example
/// <c>dict(log_std_init=-3.29, ortho_init=False, net_arch=dict(pi=[64], vf=[64]), activation_fn=nn.ReLU)</c>)
/// into plain values: dictionaries, lists, numbers, booleans, None and dotted names (as strings).
/// Nothing is evaluated.
/// </summary>
public static class PythonLiteral
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the position on bad input.</summary>
    public static object? Parse(string text)
    {
        int pos = 0;
        var value = ParseValue(text, ref pos);
        SkipSpace(text, ref pos);
        if (pos != text.Length)
        {
            throw new FormatException($"Unexpected '{text[pos]}' at position {pos} in '{text}'.");
        }

        return value;
    }

    private static object? ParseValue(string s, ref int pos)
    {
        SkipSpace(s, ref pos);
        if (pos >= s.Length)
        {
            throw new FormatException($"Unexpected end of '{s}'.");
        }

        char c = s[pos];
        if (c == '[' || c == '(')
        {
            return ParseList(s, ref pos, c == '[' ? ']' : ')');
        }

        if (c == '{')
        {
            return ParseBraceDict(s, ref pos);
        }

        if (c == '"' || c == '\'')
        {
            int end = s.IndexOf(c, pos + 1);
            if (end < 0)
            {
                throw new FormatException($"Unterminated string at position {pos} in '{s}'.");
            }

            string str = s[(pos + 1)..end];
            pos = end + 1;
            return str;
        }

        int start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] is '_' or '.' or '-' or '+'))
        {
            pos++;
        }

        string token = s[start..pos];
        if (token.Length == 0)
        {
            throw new FormatException($"Unexpected '{c}' at position {pos} in '{s}'.");
        }

        SkipSpace(s, ref pos);
        if (token == "dict" && pos < s.Length && s[pos] == '(')
        {
            return ParseCallDict(s, ref pos);
        }

        return token switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            _ => token,
        };
    }

    private static List<object?> ParseList(string s, ref int pos, char close)
    {
        pos++;
        var list = new List<object?>();
        SkipSpace(s, ref pos);
        while (pos < s.Length && s[pos] != close)
        {
            list.Add(ParseValue(s, ref pos));
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
                SkipSpace(s, ref pos);
            }
        }

        Expect(s, ref pos, close);
        return list;
    }

    private static Dictionary<string, object?> ParseCallDict(string s, ref int pos)
    {
        pos++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        SkipSpace(s, ref pos);
        while (pos < s.Length && s[pos] != ')')
        {
            int start = pos;
            while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_'))
            {
                pos++;
            }

            string key = s[start..pos];
            SkipSpace(s, ref pos);
            Expect(s, ref pos, '=');
            dict[key] = ParseValue(s, ref pos);
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
                SkipSpace(s, ref pos);
            }
        }

        Expect(s, ref pos, ')');
        return dict;
    }

    private static Dictionary<string, object?> ParseBraceDict(string s, ref int pos)
    {
        pos++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        SkipSpace(s, ref pos);
        while (pos < s.Length && s[pos] != '}')
        {
            var key = ParseValue(s, ref pos) as string ?? throw new FormatException($"Dictionary keys must be strings in '{s}'.");
            SkipSpace(s, ref pos);
            Expect(s, ref pos, ':');
            dict[key] = ParseValue(s, ref pos);
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
                SkipSpace(s, ref pos);
            }
        }

        Expect(s, ref pos, '}');
        return dict;
    }

    private static void Expect(string s, ref int pos, char c)
    {
        if (pos >= s.Length || s[pos] != c)
        {
            throw new FormatException($"Expected '{c}' at position {pos} in '{s}'.");
        }

        pos++;
    }

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            pos++;
        }
    }
}
