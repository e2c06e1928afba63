namespace Proxima.Optim;

/// <summary>The same value throughout training. Config form: <c>constant_1e-3</c> or <c>1e-3</c>.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates a constant schedule.</summary>
    public ConstantSchedule(double value)
    {
        Value = Schedules.CheckFinite(value, nameof(value));
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public double ValueAt(double progress)
    {
        Schedules.ClampProgress(progress);
        return Value;
    }

    /// <summary>The config form, which <see cref="Schedules.Parse"/> reads back.</summary>
    public override string ToString() => "constant_" + Schedules.Format(Value);
}
