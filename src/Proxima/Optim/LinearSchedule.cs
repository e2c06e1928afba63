namespace Proxima.Optim;

/// <summary>
/// Linear interpolation from <see cref="Initial"/> at progress 0 to <see cref="Final"/> at progress 1.
/// Config form: <c>lin_3e-4</c> (to 0, rl-zoo's convention) or <c>lin_3e-4_1e-5</c>.
/// </summary>
public sealed class LinearSchedule : ILearningRateSchedule
{
    /// <summary>Creates a linear schedule.</summary>
    public LinearSchedule(double initial, double final = 0)
    {
        Initial = Schedules.CheckFinite(initial, nameof(initial));
        Final = Schedules.CheckFinite(final, nameof(final));
    }

    /// <summary>Value at progress 0.</summary>
    public double Initial { get; }

    /// <summary>Value at progress 1.</summary>
    public double Final { get; }

    /// <inheritdoc />
    public double ValueAt(double progress) => Initial + ((Final - Initial) * Schedules.ClampProgress(progress));

    /// <summary>The config form, which <see cref="Schedules.Parse"/> reads back.</summary>
    public override string ToString() =>
        "lin_" + Schedules.Format(Initial) + (Final == 0 ? "" : "_" + Schedules.Format(Final));
}
