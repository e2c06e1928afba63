using Proxima.Optim;

namespace Proxima.Checkpoints;

/// <summary>
/// Everything needed to resume or evaluate a training run, as plain data (no references to networks,
/// environments or optimizers). <see cref="CheckpointFile"/> saves and loads it.
/// </summary>
public sealed record CheckpointData
{
    /// <summary>The run configuration as YAML text, stored verbatim as <c>config.yaml</c>.</summary>
    public string ConfigYaml { get; init; } = "";

    /// <summary>Registered id of the training environment.</summary>
    public string EnvId { get; init; } = "";

    /// <summary>Description of the observation space (e.g. <c>Box(4,)</c>).</summary>
    public string ObservationSpace { get; init; } = "";

    /// <summary>Description of the action space (e.g. <c>Discrete(2)</c>).</summary>
    public string ActionSpace { get; init; } = "";

    /// <summary>Policy (and value) weights: F32 tensors named as the network's parameters.</summary>
    public IReadOnlyList<NamedTensor> Policy { get; init; } = [];

    /// <summary>Per-parameter optimizer state, addressed by parameter name and slot.</summary>
    public IReadOnlyList<OptimizerStateEntry> OptimizerState { get; init; } = [];

    /// <summary>The optimizer's step count (restored with <see cref="Optimizer.ImportState"/>).</summary>
    public long OptimizerStepCount { get; init; }

    /// <summary>Running statistics of observation/reward normalizers (e.g. <c>obs.mean</c>, <c>obs.var</c>, <c>obs.count</c>).</summary>
    public IReadOnlyDictionary<string, double[]> Normalizers { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Random generator states by name (each <see cref="Proxima.Random.Pcg64.State"/> is four words).</summary>
    public IReadOnlyDictionary<string, ulong[]> RngStates { get; init; } = new Dictionary<string, ulong[]>();

    /// <summary>
    /// Other named numeric state needed for exact resume: trainer scalars (<c>trainer.kl_coef</c>,
    /// <c>trainer.episode_starts</c>) and the training environments (<c>env.observations</c>, <c>env.{i}.values</c>, ...).
    /// </summary>
    public IReadOnlyDictionary<string, double[]> State { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Environment steps collected so far.</summary>
    public long Timesteps { get; init; }

    /// <summary>Policy updates (PPO iterations) completed so far.</summary>
    public long Updates { get; init; }

    /// <summary>Episodes finished so far.</summary>
    public long Episodes { get; init; }

    /// <summary>Progress of the learning-rate and other schedules, in [0, 1].</summary>
    public double ScheduleProgress { get; init; }

    /// <summary>Returns of the most recent episodes (the statistics window), oldest first.</summary>
    public IReadOnlyList<double> RecentReturns { get; init; } = [];

    /// <summary>Lengths of the most recent episodes, oldest first (same count as <see cref="RecentReturns"/>).</summary>
    public IReadOnlyList<long> RecentLengths { get; init; } = [];

    /// <summary>Version of Proxima that wrote the checkpoint.</summary>
    public string ProximaVersion { get; init; } = "";

    /// <summary>When the checkpoint was created (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Free-form string metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
