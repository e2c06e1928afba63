namespace Proxima.Optim;

/// <summary>
/// A hyperparameter (learning rate, PPO clip range, ...) as a function of training progress.
/// <para>
/// <c>progress</c> is the fraction of training elapsed: 0 before the first update, 1 at the end (e.g.
/// <c>timestepsDone / totalTimesteps</c>). Stable-Baselines3 passes the opposite quantity,
/// <c>progress_remaining = 1 − progress</c>; rl-zoo's <c>lin_3e-4</c> is the same schedule either way (3e-4 at the
/// start, 0 at the end). Implementations clamp progress to [0, 1] (so rounding just past the end is harmless)
/// and reject NaN.
/// </para>
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The value after <paramref name="progress"/> (in [0, 1]) of training.</summary>
    double ValueAt(double progress);
}
