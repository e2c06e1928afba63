namespace Proxima.Optim;

/// <summary>Hyperparameters of <see cref="Sgd"/> (PyTorch's SGD without dampening).</summary>
/// <param name="LearningRate">Initial learning rate (a schedule may overwrite <see cref="Optimizer.LearningRate"/>).</param>
/// <param name="Momentum">Momentum factor in [0, 1); 0 disables the momentum buffer.</param>
/// <param name="Nesterov">Use Nesterov momentum (requires <paramref name="Momentum"/> &gt; 0).</param>
/// <param name="WeightDecay">L2 penalty: <c>g += WeightDecay·p</c>; &gt;= 0.</param>
public sealed record SgdOptions(double LearningRate, double Momentum = 0, bool Nesterov = false, double WeightDecay = 0)
{
    internal void Validate()
    {
        if (!double.IsFinite(LearningRate) || LearningRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "SGD's learning rate must be a finite number >= 0.");
        }

        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "SGD's Momentum must be in [0, 1), e.g. 0.9 (0 disables it).");
        }

        if (Nesterov && Momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs Momentum > 0; set Momentum (e.g. 0.9) or Nesterov = false.", nameof(Nesterov));
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "SGD's WeightDecay must be a finite number >= 0.");
        }
    }
}
