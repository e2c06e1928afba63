namespace Proxima.Optim;

/// <summary>
/// Linear warm-up from 0 at progress 0 to <see cref="Inner"/>'s value at progress <see cref="WarmupFraction"/>,
/// then <see cref="Inner"/> itself (evaluated at the overall progress, so warm-up does not stretch it).
/// Config form: <c>warmup_0.05_lin_3e-4</c>.
/// </summary>
public sealed class WarmupSchedule : ILearningRateSchedule
{
    /// <summary>Wraps <paramref name="inner"/> with a warm-up over the first <paramref name="warmupFraction"/> of training.</summary>
    public WarmupSchedule(ILearningRateSchedule inner, double warmupFraction)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(warmupFraction >= 0 && warmupFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(warmupFraction), warmupFraction, "The warm-up fraction must be in [0, 1), e.g. 0.05 for the first 5% of training.");
        }

        Inner = inner;
        WarmupFraction = warmupFraction;
    }

    /// <summary>The schedule after warm-up.</summary>
    public ILearningRateSchedule Inner { get; }

    /// <summary>Fraction of training spent warming up.</summary>
    public double WarmupFraction { get; }

    /// <inheritdoc />
    public double ValueAt(double progress)
    {
        double p = Schedules.ClampProgress(progress);
        return p < WarmupFraction ? Inner.ValueAt(WarmupFraction) * (p / WarmupFraction) : Inner.ValueAt(p);
    }

    /// <summary>The config form, which <see cref="Schedules.Parse"/> reads back.</summary>
    public override string ToString() => "warmup_" + Schedules.Format(WarmupFraction) + "_" + Inner;
}
