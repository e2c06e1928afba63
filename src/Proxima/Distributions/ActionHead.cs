using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// The policy's output layer and its action distribution: maps a latent batch <c>[B, LatentSize]</c> to a
/// distribution per row, samples actions, scores them, and backpropagates the gradients of a loss written in
/// terms of log-probabilities and entropies.
/// <para>
/// Call order: <see cref="Forward"/> once per batch, then any of <see cref="Sample"/>, <see cref="Mode"/>,
/// <see cref="LogProb"/>, <see cref="Entropy"/> on that batch, then optionally <see cref="Backward"/>.
/// Actions use the action space's float encoding (<c>Space.Size</c> values per row); continuous samples are
/// returned unclipped (the trainer clips them to the bounds only when stepping the environment).
/// Nothing allocates once buffers have grown to the largest batch seen.
/// </para>
/// </summary>
public abstract class ActionHead
{
    /// <summary>Features per latent row.</summary>
    public abstract int LatentSize { get; }

    /// <summary>Floats per action row (the action space's <c>Size</c>).</summary>
    public abstract int ActionSize { get; }

    /// <summary>Mask entries per row this head understands (0 when it takes no action masks).</summary>
    public virtual int ActionMaskSize => 0;

    /// <summary>Trainable parameters with names relative to the head (e.g. <c>linear.weight</c>, <c>log_std</c>).</summary>
    public abstract IEnumerable<(string Name, Parameter Parameter)> NamedParameters();

    /// <summary>
    /// Computes the distribution parameters for each latent row. <paramref name="actionMasks"/> is either empty or
    /// <c>[B, ActionMaskSize]</c> with true for allowed actions; masked actions get zero probability.
    /// </summary>
    public abstract void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default);

    /// <summary>Draws one action per row into <paramref name="actions"/> <c>[B, ActionSize]</c>.</summary>
    public abstract void Sample(Pcg64 rng, Span<float> actions);

    /// <summary>The most likely action per row (deterministic prediction).</summary>
    public abstract void Mode(Span<float> actions);

    /// <summary>Log-probability (density for continuous parts) of <paramref name="actions"/> per row.</summary>
    public abstract void LogProb(ReadOnlySpan<float> actions, Span<float> logProb);

    /// <summary>
    /// Acting: the <see cref="Mode"/> (deterministic) or a <see cref="Sample"/> of each row's distribution into
    /// <paramref name="actions"/>, and its log-probability into <paramref name="logProb"/>.
    /// </summary>
    public void SelectActions(Pcg64 rng, bool deterministic, Span<float> actions, Span<float> logProb)
    {
        if (deterministic)
        {
            Mode(actions);
        }
        else
        {
            Sample(rng, actions);
        }

        LogProb(actions, logProb);
    }

    /// <summary>Entropy per row (differential entropy for continuous parts).</summary>
    public abstract void Entropy(Span<float> entropy);

    /// <summary>
    /// Given dLoss/dlogProb and dLoss/dentropy per row (for the actions passed to the last <see cref="LogProb"/>
    /// call's inputs, given again here), adds parameter gradients and returns dLoss/dlatent <c>[B, LatentSize]</c>.
    /// </summary>
    public abstract Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy);

    /// <summary>
    /// Resamples exploration noise that is held fixed across steps (gSDE) for <paramref name="rows"/> rows.
    /// A no-op for distributions without such noise.
    /// </summary>
    public virtual void ResetNoise(Pcg64 rng, int rows)
    {
    }

    /// <summary>Layer type and sizes, for summaries and export.</summary>
    public virtual string Describe() => $"{GetType().Name}({LatentSize} -> {ActionSize})";
}
