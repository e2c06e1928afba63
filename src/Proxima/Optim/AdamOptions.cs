namespace Proxima.Optim;

/// <summary>
/// Hyperparameters of <see cref="Adam"/>, with PyTorch's defaults.
/// <para>
/// PPO implementations (Stable-Baselines3, CleanRL) use <c>Epsilon = 1e-5</c> rather than PyTorch's 1e-8: with the
/// small gradients of a value loss late in training, the larger epsilon keeps the step from blowing up as
/// <c>sqrt(v)</c> shrinks. Use <see cref="ForPpo"/> to get that setting.
/// </para>
/// </summary>
/// <param name="LearningRate">Initial learning rate (a schedule may overwrite <see cref="Optimizer.LearningRate"/>).</param>
/// <param name="Beta1">Decay of the first-moment average, in [0, 1).</param>
/// <param name="Beta2">Decay of the second-moment average, in [0, 1).</param>
/// <param name="Epsilon">Added to the bias-corrected <c>sqrt(v)</c>; must be &gt; 0.</param>
/// <param name="WeightDecay">Weight-decay coefficient, &gt;= 0.</param>
/// <param name="Decoupled">
/// False: L2 penalty, <c>g += WeightDecay·p</c> (PyTorch Adam). True: decoupled decay,
/// <c>p *= 1 − lr·WeightDecay</c> before the update (PyTorch AdamW).
/// </param>
public sealed record AdamOptions(
    double LearningRate = 3e-4,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8,
    double WeightDecay = 0,
    bool Decoupled = false)
{
    /// <summary>The epsilon Stable-Baselines3 and CleanRL pass to Adam for PPO.</summary>
    public const double PpoEpsilon = 1e-5;

    /// <summary>PPO's Adam settings: PyTorch defaults except <c>Epsilon = 1e-5</c>.</summary>
    public static AdamOptions ForPpo(double learningRate = 3e-4) => new(learningRate, Epsilon: PpoEpsilon);

    internal void Validate()
    {
        if (!double.IsFinite(LearningRate) || LearningRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Adam's learning rate must be a finite number >= 0.");
        }

        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Adam's Beta1 must be in [0, 1), e.g. 0.9.");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Adam's Beta2 must be in [0, 1), e.g. 0.999.");
        }

        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Adam's Epsilon must be a finite number > 0, e.g. 1e-8 (1e-5 for PPO).");
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Adam's WeightDecay must be a finite number >= 0.");
        }
    }
}
