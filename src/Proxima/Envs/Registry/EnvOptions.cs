using System.Globalization;
using System.Text.Json;

namespace Proxima.Envs.Registry;

/// <summary>
/// Typed access to environment options for <see cref="EnvSpec.Factory"/> implementations. Values may be .NET numbers
/// or booleans, strings holding them (invariant culture, as from a command line) or <see cref="JsonElement"/>s (as
/// from a configuration file); anything else is rejected with a message naming the option.
/// </summary>
public static class EnvOptions
{
    /// <summary>Reads option <paramref name="key"/> as a double.</summary>
    public static double GetDouble(IReadOnlyDictionary<string, object> options, string key)
    {
        object value = Get(options, key);
        double? d = value switch
        {
            double x => x,
            float x => x,
            int x => x,
            long x => x,
            short x => x,
            byte x => x,
            uint x => x,
            ulong x => x,
            decimal x => (double)x,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) => x,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            _ => null,
        };
        return d ?? throw Invalid(key, value, "a number");
    }

    /// <summary>Reads option <paramref name="key"/> as an integer (a whole number in range).</summary>
    public static int GetInt(IReadOnlyDictionary<string, object> options, string key)
    {
        object value = Get(options, key);
        double d;
        try
        {
            d = GetDouble(options, key);
        }
        catch (ArgumentException)
        {
            throw Invalid(key, value, "a whole number");
        }

        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            throw Invalid(key, value, "a whole number");
        }

        return (int)d;
    }

    /// <summary>Reads option <paramref name="key"/> as a boolean.</summary>
    public static bool GetBool(IReadOnlyDictionary<string, object> options, string key)
    {
        object value = Get(options, key);
        bool? b = value switch
        {
            bool x => x,
            string s when bool.TryParse(s, out bool x) => x,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            _ => null,
        };
        return b ?? throw Invalid(key, value, "true or false");
    }

    private static object Get(IReadOnlyDictionary<string, object> options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.TryGetValue(key, out object? value) || value is null)
        {
            throw new ArgumentException($"Option '{key}' is missing; give it a value or register it in the spec's DefaultOptions.", nameof(options));
        }

        return value;
    }

    private static ArgumentException Invalid(string key, object value, string expected) =>
        new($"Option '{key}' must be {expected}, got '{Convert.ToString(value, CultureInfo.InvariantCulture)}' ({value.GetType().Name}).");
}
