using Proxima.Optim;
using Proxima.Policies;

namespace Proxima.Training;

/// <summary>Which optimizer <see cref="PpoTrainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (L2 weight decay if any), the PPO default.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}

/// <summary>
/// Every setting of a PPO run, immutable. Defaults are Stable-Baselines3's PPO defaults (lr 3e-4, n_steps 2048,
/// batch 64, 10 epochs, γ 0.99, λ 0.95, clip 0.2, ent 0, vf 0.5, max_grad_norm 0.5) except Adam's ε, which is 1e-5
/// as in the PPO reference implementations. Names in messages are the snake_case keys used by YAML configs.
/// Call <see cref="Validate"/> (the trainer does) to get every problem reported at once.
/// </summary>
public sealed record PpoConfig
{
    /// <summary>Seed for every source of randomness of the run (networks, sampling, shuffling, environments).</summary>
    public ulong Seed { get; init; }

    /// <summary>Parallel environments (rows of each rollout step).</summary>
    public int NumEnvs { get; init; } = 1;

    /// <summary>Steps per environment in each rollout.</summary>
    public int NSteps { get; init; } = 2048;

    /// <summary>Minibatch size (transitions per gradient step); larger than the rollout means the whole rollout.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Passes over each rollout.</summary>
    public int NEpochs { get; init; } = 10;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE λ.</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Learning rate as a function of training progress.</summary>
    public ILearningRateSchedule LearningRate { get; init; } = new ConstantSchedule(3e-4);

    /// <summary>Clip range ε of the surrogate objective as a function of training progress.</summary>
    public ILearningRateSchedule ClipRange { get; init; } = new ConstantSchedule(0.2);

    /// <summary>Clip range of the value prediction around the old value; null disables value clipping (SB3 default).</summary>
    public double? ClipRangeVf { get; init; }

    /// <summary>Entropy bonus coefficient.</summary>
    public double EntCoef { get; init; }

    /// <summary>Value loss coefficient.</summary>
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Global gradient-norm bound.</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Stop the epochs of an update once a minibatch's approx KL exceeds 1.5 × this; null disables.</summary>
    public double? TargetKl { get; init; }

    /// <summary>Normalize advantages per minibatch.</summary>
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Add an adaptive KL penalty (RLlib-style) to the loss.</summary>
    public bool AdaptiveKl { get; init; }

    /// <summary>Initial KL penalty coefficient (adaptive KL).</summary>
    public double KlCoefInit { get; init; } = 0.2;

    /// <summary>KL the adaptive coefficient aims for: ×1.5 when the update's KL exceeds 2× target, ×0.5 below ½ target.</summary>
    public double KlTarget { get; init; } = 0.01;

    /// <summary>Optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Adam's ε (1e-5 as in the PPO reference implementations).</summary>
    public double AdamEpsilon { get; init; } = 1e-5;

    /// <summary>Weight decay (L2 for Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Resample gSDE exploration noise every this many steps; -1 only at the start of each rollout.</summary>
    public int SdeSampleFreq { get; init; } = -1;

    /// <summary>Normalize observations with running statistics shared by all environments.</summary>
    public bool NormalizeObservation { get; init; }

    /// <summary>Scale rewards by the running std of the discounted return.</summary>
    public bool NormalizeReward { get; init; }

    /// <summary>Bound of normalized observations.</summary>
    public double ClipObservation { get; init; } = 10;

    /// <summary>Bound of normalized rewards.</summary>
    public double ClipReward { get; init; } = 10;

    /// <summary>
    /// Truncated-BPTT chunk length for recurrent policies (<c>bptt_length</c>): each row's rollout is cut into chunks of
    /// this many steps (capped at n_steps), and minibatches are whole chunks. Ignored by feed-forward policies.
    /// </summary>
    public int BpttLength { get; init; } = 32;

    /// <summary>Network architecture and action distribution.</summary>
    public PolicyConfig Policy { get; init; } = new();

    /// <summary>Transitions per rollout (n_steps × n_envs).</summary>
    public int RolloutSize => NSteps * NumEnvs;

    /// <summary>Every problem with the settings, each naming the key, its value and what is allowed.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string key, object value, string allowed)
        {
            if (!ok)
            {
                problems.Add($"{key} = {value} is invalid: {allowed}.");
            }
        }

        Require(NumEnvs >= 1, "n_envs", NumEnvs, "must be at least 1");
        Require(NSteps >= 1, "n_steps", NSteps, "must be at least 1");
        // A minibatch larger than the rollout is allowed and means "the whole rollout", as in SB3 (rl-zoo relies on it).
        Require(BatchSize >= 1, "batch_size", BatchSize, "must be at least 1");
        Require(NEpochs >= 1, "n_epochs", NEpochs, "must be at least 1");
        Require(Gamma is >= 0 and <= 1, "gamma", Gamma, "must be in [0, 1]");
        Require(GaeLambda is >= 0 and <= 1, "gae_lambda", GaeLambda, "must be in [0, 1]");
        CheckSchedule(problems, "learning_rate", LearningRate, 0, 1, allowZero: true);
        CheckSchedule(problems, "clip_range", ClipRange, 0, 1, allowZero: false);
        Require(ClipRangeVf is null or > 0, "clip_range_vf", ClipRangeVf!, "must be positive, or null to disable value clipping");
        Require(EntCoef >= 0 && double.IsFinite(EntCoef), "ent_coef", EntCoef, "must be a finite number >= 0");
        Require(VfCoef >= 0 && double.IsFinite(VfCoef), "vf_coef", VfCoef, "must be a finite number >= 0");
        Require(MaxGradNorm > 0, "max_grad_norm", MaxGradNorm, "must be positive (use a large value to disable clipping)");
        Require(TargetKl is null or > 0, "target_kl", TargetKl!, "must be positive, or null to disable early stopping");
        Require(KlCoefInit >= 0, "kl_coef_init", KlCoefInit, "must be >= 0");
        Require(KlTarget > 0, "kl_target", KlTarget, "must be positive");
        Require(AdamEpsilon > 0, "adam_epsilon", AdamEpsilon, "must be positive (PPO uses 1e-5)");
        Require(WeightDecay >= 0, "weight_decay", WeightDecay, "must be >= 0");
        Require(SdeSampleFreq == -1 || SdeSampleFreq >= 1, "sde_sample_freq", SdeSampleFreq, "must be -1 (once per rollout) or a positive step count");
        Require(BpttLength >= 1, "bptt_length", BpttLength, "must be at least 1");
        Require(ClipObservation > 0, "clip_obs", ClipObservation, "must be positive");
        Require(ClipReward > 0, "clip_reward", ClipReward, "must be positive");
        problems.AddRange(Policy.Problems());
        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if there are any.</summary>
    public PpoConfig Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid PPO configuration:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
        }

        return this;
    }

    private static void CheckSchedule(List<string> problems, string key, ILearningRateSchedule schedule, double min, double max, bool allowZero)
    {
        foreach (double progress in new[] { 0.0, 0.5, 1.0 })
        {
            double v = schedule.ValueAt(progress);
            bool ok = double.IsFinite(v) && v >= min && v <= max && (allowZero || v > 0 || progress == 1.0);
            if (!ok)
            {
                problems.Add($"{key} gives {v} at progress {progress}: values must be finite and in {(allowZero ? "[" : "(")}{min}, {max}].");
                return;
            }
        }
    }
}
