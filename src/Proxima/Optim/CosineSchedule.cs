namespace Proxima.Optim;

/// <summary>
/// Cosine annealing (half a cosine period) from <see cref="Initial"/> at progress 0 to <see cref="Floor"/> at
/// progress 1: <c>floor + (initial − floor)·(1 + cos(π·progress))/2</c>. Config form: <c>cosine_3e-4</c>
/// (floor = 10% of the initial value) or <c>cosine_3e-4_3e-5</c>.
/// </summary>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>The floor, as a fraction of the initial value, used when a config string gives none.</summary>
    public const double DefaultFloorFraction = 0.1;

    /// <summary>Creates a cosine schedule.</summary>
    public CosineSchedule(double initial, double floor)
    {
        Initial = Schedules.CheckFinite(initial, nameof(initial));
        Floor = Schedules.CheckFinite(floor, nameof(floor));
    }

    /// <summary>Value at progress 0.</summary>
    public double Initial { get; }

    /// <summary>Value at progress 1.</summary>
    public double Floor { get; }

    /// <inheritdoc />
    public double ValueAt(double progress) =>
        Floor + ((Initial - Floor) * 0.5 * (1 + Math.Cos(Math.PI * Schedules.ClampProgress(progress))));

    /// <summary>The config form, which <see cref="Schedules.Parse"/> reads back.</summary>
    public override string ToString() => "cosine_" + Schedules.Format(Initial) + "_" + Schedules.Format(Floor);
}
