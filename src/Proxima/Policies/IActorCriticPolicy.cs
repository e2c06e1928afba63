using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Policies;

/// <summary>
/// What <see cref="Training.PpoTrainer"/> and <see cref="Evaluation.Evaluator"/> need from an actor-critic, feed-forward
/// or recurrent, so one trainer serves both. Recurrent policies carry a state of <see cref="RecurrentStateSize"/>
/// floats per row; feed-forward policies have none (size 0) and ignore the state and episode-start arguments.
/// <para>
/// Sequence layout for learning is time-major: entry <c>t·B + b</c> is step t of sequence b, exactly as in
/// <see cref="Training.RolloutBatch"/>. A feed-forward policy treats <c>steps·sequences</c> entries as independent rows.
/// </para>
/// </summary>
public interface IActorCriticPolicy
{
    /// <summary>Space of the observations the policy reads.</summary>
    Space ObservationSpace { get; }

    /// <summary>Space of the actions it produces.</summary>
    Space ActionSpace { get; }

    /// <summary>The architecture settings.</summary>
    PolicyConfig Config { get; }

    /// <summary>All trainable parameters in one flat buffer.</summary>
    ParameterSet Parameters { get; }

    /// <summary>Floats of recurrent state per row (0 for a feed-forward policy).</summary>
    int RecurrentStateSize { get; }

    /// <summary>Floats per action.</summary>
    int ActionSize { get; }

    /// <summary>Mask entries per row the action head understands (0 if none).</summary>
    int ActionMaskSize { get; }

    /// <summary>
    /// Chooses actions for one step of <paramref name="rows"/> rows. <paramref name="state"/> <c>[rows, RecurrentStateSize]</c>
    /// holds each row's state before the step and receives the state after it; a row whose
    /// <paramref name="episodeStarts"/> flag is set starts from zeros. Both may be empty for a feed-forward policy.
    /// </summary>
    void Act(
        ReadOnlySpan<float> observations,
        int rows,
        ReadOnlySpan<bool> actionMasks,
        Span<float> state,
        ReadOnlySpan<bool> episodeStarts,
        Pcg64 rng,
        bool deterministic,
        Span<float> actions,
        Span<float> logProbs,
        Span<float> values);

    /// <summary>
    /// Value estimates of one step from <paramref name="state"/> (left unchanged), resetting rows flagged in
    /// <paramref name="episodeStarts"/> (may be empty).
    /// </summary>
    void PredictValues(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<float> state, ReadOnlySpan<bool> episodeStarts, Span<float> values);

    /// <summary>
    /// Scores stored actions of <paramref name="sequences"/> time-major sequences of <paramref name="steps"/> steps under the
    /// current weights, starting each sequence from its row of <paramref name="initialStates"/> and resetting wherever
    /// <paramref name="episodeStarts"/> <c>[steps·sequences]</c> is set; remembers what <c>Backward</c> needs.
    /// </summary>
    void EvaluateActions(
        ReadOnlySpan<float> observations,
        int steps,
        int sequences,
        ReadOnlySpan<float> actions,
        ReadOnlySpan<bool> actionMasks,
        ReadOnlySpan<float> initialStates,
        ReadOnlySpan<bool> episodeStarts,
        Span<float> logProbs,
        Span<float> entropies,
        Span<float> values);

    /// <summary>
    /// Backpropagates per-entry loss gradients with respect to log-probability, entropy and value through the networks
    /// (and time) of the last <c>EvaluateActions</c>, adding into <see cref="ParameterSet.Grads"/>.
    /// </summary>
    void Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProbs, ReadOnlySpan<float> gradEntropies, ReadOnlySpan<float> gradValues);

    /// <summary>Resamples state-dependent exploration noise (gSDE) for <paramref name="rows"/> rows.</summary>
    void ResetNoise(Pcg64 rng, int rows);

    /// <summary>A one-line-per-module summary of the architecture.</summary>
    string Describe();

    /// <summary>Feed-forward form of <see cref="Act(ReadOnlySpan{float}, int, ReadOnlySpan{bool}, Span{float}, ReadOnlySpan{bool}, Pcg64, bool, Span{float}, Span{float}, Span{float})"/>: zero state, no carried memory.</summary>
    void Act(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<bool> actionMasks, Pcg64 rng, bool deterministic, Span<float> actions, Span<float> logProbs, Span<float> values) =>
        Act(observations, rows, actionMasks, default, default, rng, deterministic, actions, logProbs, values);

    /// <summary>Value estimates from a zero state (feed-forward form).</summary>
    void PredictValues(ReadOnlySpan<float> observations, int rows, Span<float> values) =>
        PredictValues(observations, rows, default, default, values);

    /// <summary>Scores <paramref name="rows"/> single steps from a zero state (feed-forward form).</summary>
    void EvaluateActions(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<float> actions, ReadOnlySpan<bool> actionMasks, Span<float> logProbs, Span<float> entropies, Span<float> values) =>
        EvaluateActions(observations, 1, rows, actions, actionMasks, default, default, logProbs, entropies, values);
}
