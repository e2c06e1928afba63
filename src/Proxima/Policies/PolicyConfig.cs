using Proxima.Distributions;
using Proxima.Nn;

namespace Proxima.Policies;

/// <summary>
/// Architecture of an actor-critic policy. Defaults are the PPO reference ones: separate actor and critic MLPs of
/// 64-64 tanh units, orthogonal initialization (√2 hidden, 0.01 policy head, 1 value head), state-independent
/// log-std starting at 0 for continuous actions.
/// </summary>
public sealed record PolicyConfig
{
    /// <summary>Hidden sizes of the actor trunk (or the shared trunk when <see cref="ShareTrunk"/>).</summary>
    public IReadOnlyList<int> PiLayers { get; init; } = [64, 64];

    /// <summary>Hidden sizes of the critic trunk (ignored when <see cref="ShareTrunk"/>).</summary>
    public IReadOnlyList<int> VfLayers { get; init; } = [64, 64];

    /// <summary>Hidden activation.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>One trunk feeds both heads (common for discrete tasks); separate trunks by default.</summary>
    public bool ShareTrunk { get; init; }

    /// <summary>Orthogonal initialization with the PPO gains; otherwise PyTorch's default (Kaiming-uniform).</summary>
    public bool OrthoInit { get; init; } = true;

    /// <summary>Continuous action distribution.</summary>
    public ContinuousDistribution Continuous { get; init; } = ContinuousDistribution.Gaussian;

    /// <summary>Initial log standard deviation of Gaussian/gSDE exploration.</summary>
    public double LogStdInit { get; init; }

    /// <summary>gSDE: one std per (latent feature, action) pair (SB3's full_std).</summary>
    public bool FullStd { get; init; } = true;

    /// <summary>Gaussian with the std predicted from the state instead of a free parameter.</summary>
    public bool StateDependentStd { get; init; }

    /// <summary>Recurrent core (LSTM/GRU) between encoder and heads; null for a feed-forward policy.</summary>
    public RecurrentConfig? Recurrent { get; init; }

    /// <summary>Every problem with the settings, naming the key and what is allowed.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PiLayers.Count == 0 || PiLayers.Any(s => s < 1))
        {
            problems.Add($"policy.pi_layers = [{string.Join(", ", PiLayers)}] is invalid: give at least one layer, every size >= 1.");
        }

        if (!ShareTrunk && (VfLayers.Count == 0 || VfLayers.Any(s => s < 1)))
        {
            problems.Add($"policy.vf_layers = [{string.Join(", ", VfLayers)}] is invalid: give at least one layer, every size >= 1.");
        }

        if (!double.IsFinite(LogStdInit) || Math.Abs(LogStdInit) > 20)
        {
            problems.Add($"policy.log_std_init = {LogStdInit} is invalid: must be finite and within [-20, 20].");
        }

        if (Recurrent is not null)
        {
            problems.AddRange(Recurrent.Problems());
        }

        return problems;
    }
}
