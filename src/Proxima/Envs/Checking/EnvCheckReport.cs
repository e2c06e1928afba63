using System.Text;

namespace Proxima.Envs.Checking;

/// <summary>
/// Result of <see cref="EnvChecker.Check"/>: <see cref="Errors"/> break the <see cref="IEnv"/> contract (training on the
/// environment would be wrong or crash); <see cref="Warnings"/> are likely mistakes or poor choices for PPO. Repeated
/// problems of one kind are reported once, with the number of further occurrences.
/// </summary>
public sealed class EnvCheckReport
{
    internal EnvCheckReport(string environment, IReadOnlyList<string> errors, IReadOnlyList<string> warnings, int steps, int episodes)
    {
        Environment = environment;
        Errors = errors;
        Warnings = warnings;
        StepsRun = steps;
        EpisodesCompleted = episodes;
    }

    /// <summary>Description of the checked environment.</summary>
    public string Environment { get; }

    /// <summary>Contract violations.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Probable mistakes that do not break the contract.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when there are no errors (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Steps taken by the first (random-action) run.</summary>
    public int StepsRun { get; }

    /// <summary>Episodes that ended during the first run.</summary>
    public int EpisodesCompleted { get; }

    /// <summary>A readable multi-line summary: verdict, then every error and warning.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(IsValid ? "OK" : "FAILED").Append(": ").Append(Environment)
            .Append($" ({StepsRun} steps, {EpisodesCompleted} episodes; {Errors.Count} error(s), {Warnings.Count} warning(s))").Append('\n');
        foreach (string e in Errors)
        {
            sb.Append("  error: ").Append(e).Append('\n');
        }

        foreach (string w in Warnings)
        {
            sb.Append("  warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }
}
