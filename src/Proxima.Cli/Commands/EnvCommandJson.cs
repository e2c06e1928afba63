using System.Globalization;
using System.Text.Json;
using Proxima.Envs.Spaces;

namespace Proxima.Cli.Commands;

/// <summary>
/// JSON details of <c>proxima env rollout</c>: reading action lists and writing numbers the way the Gymnasium
/// reference files do (Python's <c>repr</c> of a double: shortest round-trip digits, <c>1.0</c>, <c>1e-05</c>), so a
/// recorded trajectory compares number for number with a reference file.
/// </summary>
internal static class EnvCommandJson
{
    /// <summary>Python's <c>repr(float(x))</c>: shortest digits that round-trip, fixed notation for 1e-4 ≤ |x| &lt; 1e16.</summary>
    public static string PythonRepr(double x)
    {
        if (double.IsNaN(x))
        {
            return "NaN";
        }

        if (double.IsInfinity(x))
        {
            return x > 0 ? "Infinity" : "-Infinity";
        }

        // .NET's "R" gives the shortest round-trip digits; only the layout differs from Python's.
        string r = x.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        int e = r.IndexOfAny(['E', 'e']);
        int exponent = e >= 0 ? int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        string mantissa = e >= 0 ? r[..e] : r;
        int dot = mantissa.IndexOf('.');
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string digits = intPart + (dot >= 0 ? mantissa[(dot + 1)..] : string.Empty);
        int decimalPoint = intPart.Length + exponent; // value = 0.digits × 10^decimalPoint
        int lead = 0;
        while (lead < digits.Length && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..].TrimEnd('0');
        decimalPoint -= lead;
        string sign = negative ? "-" : string.Empty;
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        if (decimalPoint > -4 && decimalPoint <= 16)
        {
            if (decimalPoint <= 0)
            {
                return sign + "0." + new string('0', -decimalPoint) + digits;
            }

            if (decimalPoint >= digits.Length)
            {
                return sign + digits + new string('0', decimalPoint - digits.Length) + ".0";
            }

            return sign + digits[..decimalPoint] + "." + digits[decimalPoint..];
        }

        int exp = decimalPoint - 1;
        string fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
        return $"{sign}{digits[0]}{fraction}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Writes a float32 as the shortest round-trip double of its value (what Python writes for it).</summary>
    public static void WriteFloat(Utf8JsonWriter writer, float value) => writer.WriteRawValue(PythonRepr(value), skipInputValidation: true);

    /// <summary>Writes a double as Python's <c>repr</c>.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value) => writer.WriteRawValue(PythonRepr(value), skipInputValidation: true);

    /// <summary>Writes an array of float32 values.</summary>
    public static void WriteFloats(Utf8JsonWriter writer, ReadOnlySpan<float> values)
    {
        writer.WriteStartArray();
        foreach (float v in values)
        {
            WriteFloat(writer, v);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes an action: an integer for a discrete space, an array of numbers otherwise.</summary>
    public static void WriteAction(Utf8JsonWriter writer, Space space, ReadOnlySpan<float> action)
    {
        if (space is Discrete)
        {
            writer.WriteNumberValue((long)action[0]);
        }
        else
        {
            WriteFloats(writer, action);
        }
    }

    /// <summary>
    /// Reads actions from <paramref name="json"/>: a JSON array of actions, or a trajectory object in the reference format
    /// (its <c>steps[*].action</c>). Each action must belong to <paramref name="space"/>: an integer for
    /// <see cref="Discrete"/>, an array of <c>space.Size</c> numbers within the bounds for <see cref="Box"/>.
    /// </summary>
    public static float[][] ReadActions(string json, Space space)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The actions are not valid JSON ({ex.Message}). Give a JSON array of actions or a trajectory file with \"steps\".", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            var elements = new List<JsonElement>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                elements.AddRange(root.EnumerateArray());
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var step in steps.EnumerateArray())
                {
                    if (step.ValueKind != JsonValueKind.Object || !step.TryGetProperty("action", out var action))
                    {
                        throw new FormatException($"steps[{i}] of the trajectory has no \"action\" field.");
                    }

                    elements.Add(action);
                    i++;
                }
            }
            else
            {
                throw new FormatException("The actions must be a JSON array of actions or a trajectory object with a \"steps\" array.");
            }

            var actions = new float[elements.Count][];
            for (int i = 0; i < elements.Count; i++)
            {
                actions[i] = ReadAction(elements[i], space, i);
            }

            return actions;
        }
    }

    private static float[] ReadAction(JsonElement element, Space space, int index)
    {
        float[] action = new float[space.Size];
        string raw = element.GetRawText();
        switch (space)
        {
            case Discrete discrete:
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long choice))
                {
                    throw new FormatException($"Action {index} ({raw}) must be an integer for {space}.");
                }

                if (choice < discrete.Start || choice >= discrete.Start + discrete.N)
                {
                    throw new FormatException($"Action {index} ({raw}) is not in {space}: use an integer from {discrete.Start} to {discrete.Start + discrete.N - 1}.");
                }

                action[0] = choice;
                return action;
            case Box:
                if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != space.Size)
                {
                    throw new FormatException($"Action {index} ({raw}) must be an array of {space.Size} number(s) for {space}.");
                }

                int k = 0;
                foreach (var v in element.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Number)
                    {
                        throw new FormatException($"Action {index} ({raw}) must contain only numbers.");
                    }

                    action[k++] = (float)v.GetDouble();
                }

                if (!space.Contains(action))
                {
                    throw new FormatException($"Action {index} ({raw}) is not in {space}: every entry must lie within the bounds.");
                }

                return action;
            default:
                throw new FormatException($"Actions for {space} are not supported by env rollout (only Discrete and Box).");
        }
    }
}
