using System.Globalization;

namespace Proxima.Optim;

/// <summary>Reads schedules from config strings (rl-zoo's conventions, extended with cosine and warm-up).</summary>
public static class Schedules
{
    /// <summary>The accepted forms, as shown in error messages.</summary>
    public const string AcceptedForms =
        "'3e-4' or 'constant_3e-4' (constant); 'lin_3e-4' (linear from 3e-4 to 0) or 'lin_3e-4_1e-5' (linear to 1e-5); "
        + "'cosine_3e-4' (cosine from 3e-4 to 10% of it) or 'cosine_3e-4_3e-5' (cosine to 3e-5); "
        + "'warmup_0.05_<schedule>' (linear warm-up from 0 over the first 5% of training, then <schedule>)";

    /// <summary>
    /// Parses a schedule, e.g. <c>lin_3e-4</c>. Numbers use the invariant culture; keywords are case-insensitive.
    /// </summary>
    /// <exception cref="FormatException">The text is not one of <see cref="AcceptedForms"/>.</exception>
    public static ILearningRateSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        string[] parts = s.Split('_');
        string kind = parts[0].ToLowerInvariant();
        if (kind == "warmup")
        {
            parts = s.Split('_', 3);
            if (parts.Length < 3)
            {
                throw Error(text, "'warmup' needs a fraction and a schedule");
            }

            double fraction = Number(text, parts[1]);
            if (!(fraction >= 0 && fraction < 1))
            {
                throw Error(text, $"the warm-up fraction {parts[1]} is not in [0, 1)");
            }

            return new WarmupSchedule(Parse(parts[2]), fraction);
        }

        return (kind, parts.Length) switch
        {
            (_, 1) => new ConstantSchedule(Number(text, parts[0])),
            ("constant", 2) => new ConstantSchedule(Number(text, parts[1])),
            ("lin" or "linear", 2) => new LinearSchedule(Number(text, parts[1])),
            ("lin" or "linear", 3) => new LinearSchedule(Number(text, parts[1]), Number(text, parts[2])),
            ("cosine", 2) => CosineWithDefaultFloor(Number(text, parts[1])),
            ("cosine", 3) => new CosineSchedule(Number(text, parts[1]), Number(text, parts[2])),
            ("constant" or "lin" or "linear" or "cosine", _) => throw Error(text, $"wrong number of values for '{kind}'"),
            _ => throw Error(text, $"unknown schedule '{parts[0]}'"),
        };
    }

    internal static double ClampProgress(double progress)
    {
        if (double.IsNaN(progress))
        {
            throw new ArgumentOutOfRangeException(nameof(progress), progress, "Progress must be a number in [0, 1] (fraction of training elapsed).");
        }

        return Math.Clamp(progress, 0, 1);
    }

    internal static double CheckFinite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Schedule values must be finite numbers.");

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static CosineSchedule CosineWithDefaultFloor(double initial) =>
        new(initial, initial * CosineSchedule.DefaultFloorFraction);

    private static double Number(string text, string token) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw Error(text, $"'{token}' is not a finite number");

    private static FormatException Error(string text, string reason) =>
        new($"Cannot parse schedule '{text}': {reason}. Accepted forms: {AcceptedForms}.");
}
