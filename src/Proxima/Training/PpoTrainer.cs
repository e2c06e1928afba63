using System.Diagnostics;
using System.Numerics.Tensors;
using Proxima.Distributions;
using Proxima.Envs;
using Proxima.Envs.Spaces;
using Proxima.Evaluation;
using Proxima.Optim;
using Proxima.Policies;
using Proxima.Random;

namespace Proxima.Training;

/// <summary>
/// Proximal Policy Optimization with its two phases exposed: <see cref="CollectRollouts"/> produces a plain
/// <see cref="RolloutBatch"/> without learning, <see cref="Learn"/> runs the clipped-surrogate update on any batch
/// (fresh, combined from several collectors, or loaded from disk), and <see cref="Train"/> alternates the two.
/// </summary>
public sealed class PpoTrainer
{
    private readonly IVectorEnv _env;
    private readonly Pcg64 _actionRng;
    private readonly Pcg64 _shuffleRng;
    private readonly bool[] _episodeStarts;
    private readonly float[] _envActions;
    private readonly float[] _finalValues;
    private readonly float[] _lastValues;
    private readonly Box? _clipBox;
    private readonly MinibatchBuffers _mb;
    private readonly float[] _state;
    private int[] _indices = [];
    private bool _needsReset = true;
    private bool _stopRequested;
    private RolloutBatch? _trainBatch;

    /// <summary>
    /// Creates a trainer on <paramref name="env"/>; builds the policy from the config unless one is given.
    /// The configuration is validated first, with every problem reported at once.
    /// </summary>
    public PpoTrainer(PpoConfig config, IVectorEnv env, IActorCriticPolicy? policy = null)
    {
        Config = config.Validate();
        _env = env;
        if (config.NumEnvs != env.NumEnvs)
        {
            throw new ArgumentException($"n_envs = {config.NumEnvs} but the vector environment has {env.NumEnvs} environments; make them agree.", nameof(env));
        }

        Policy = policy ?? ActorCriticPolicies.Create(env.ObservationSpace, env.ActionSpace, config.Policy, Pcg64.ForStream(config.Seed, 0));
        if (Policy.ObservationSpace.Size != env.ObservationSpace.Size || Policy.ActionSize != env.ActionSpace.Size)
        {
            throw new ArgumentException(
                $"The policy ({Policy.ObservationSpace} -> {Policy.ActionSpace}) does not fit the environment ({env.ObservationSpace} -> {env.ActionSpace}).",
                nameof(policy));
        }

        _actionRng = Pcg64.ForStream(config.Seed, 1);
        _shuffleRng = Pcg64.ForStream(config.Seed, 2);
        // AdamW is Adam with decoupled weight decay.
        Optimizer = new Adam(Policy.Parameters, new AdamOptions(
            config.LearningRate.ValueAt(0), Epsilon: config.AdamEpsilon, WeightDecay: config.WeightDecay, Decoupled: config.Optimizer == OptimizerKind.AdamW));
        KlCoef = config.AdaptiveKl ? config.KlCoefInit : 0;
        int n = env.NumEnvs;
        _episodeStarts = new bool[n];
        _envActions = new float[n * env.ActionSpace.Size];
        _finalValues = new float[n];
        _lastValues = new float[n];
        _clipBox = env.ActionSpace as Box;
        _mb = new MinibatchBuffers(env.ObservationSpace.Size, Policy.ActionSize, env.Data.ActionMaskSize, Policy.RecurrentStateSize);
        _state = new float[n * Policy.RecurrentStateSize];
    }

    /// <summary>The validated configuration.</summary>
    public PpoConfig Config { get; }

    /// <summary>The policy being trained (feed-forward or recurrent).</summary>
    public IActorCriticPolicy Policy { get; }

    /// <summary>
    /// Steps per truncated-BPTT chunk used by <see cref="Learn"/>: <see cref="PpoConfig.BpttLength"/> capped at the
    /// rollout length for a recurrent policy, 1 (single transitions) for a feed-forward one.
    /// </summary>
    public int ChunkLength(int rolloutSteps) => Policy.RecurrentStateSize == 0 ? 1 : Math.Min(Config.BpttLength, rolloutSteps);

    /// <summary>The recurrent state carried into the next collected step, [rows, state size] (empty for a feed-forward policy).</summary>
    public ReadOnlySpan<float> RecurrentState => _state;

    /// <summary>The optimizer over the policy's parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The training environments.</summary>
    public IVectorEnv Env => _env;

    /// <summary>Environment steps collected so far (all environments).</summary>
    public long Timesteps { get; private set; }

    /// <summary>Updates (calls to <see cref="Learn"/>) so far.</summary>
    public int Updates { get; private set; }

    /// <summary>Finished training episodes (raw returns).</summary>
    public EpisodeStatistics Episodes { get; } = new();

    /// <summary>Fraction of training elapsed, in [0, 1]; drives the learning-rate and clip-range schedules.</summary>
    public double Progress { get; set; }

    /// <summary>
    /// Maps a raw observation to the policy's input as the training environments do (frozen observation normalization),
    /// for evaluation on separate environments; null when the training environments pass observations through.
    /// </summary>
    public ObservationTransform? ObservationTransform { get; set; }

    /// <summary>Current adaptive KL penalty coefficient (0 when the penalty is off).</summary>
    public double KlCoef { get; private set; }

    /// <summary>
    /// A copy of the complete training state (see <see cref="TrainerState"/>); with <see cref="RestoreState"/> in a
    /// new process it continues bit for bit as if training had never stopped.
    /// </summary>
    public TrainerState CaptureState()
    {
        var ps = Policy.Parameters;
        var parameters = new List<(string, int[], float[])>(ps.Names.Count);
        for (int i = 0; i < ps.Names.Count; i++)
        {
            var p = ps.Parameters[i];
            parameters.Add((ps.Names[i], p.Shape.ToArray(), p.Value.ToArray()));
        }

        return new TrainerState
        {
            Timesteps = Timesteps,
            Updates = Updates,
            Progress = Progress,
            KlCoef = KlCoef,
            Parameters = parameters,
            OptimizerState = Optimizer.ExportState(),
            OptimizerSteps = Optimizer.StepCount,
            Generators = new Dictionary<string, ulong[]>(StringComparer.Ordinal)
            {
                ["actions"] = Words(_actionRng),
                ["shuffle"] = Words(_shuffleRng),
            },
            Episodes = Episodes.CaptureState(),
            EpisodeStarts = (bool[])_episodeStarts.Clone(),
            RecurrentState = _state.Length > 0 ? (float[])_state.Clone() : null,
            Environment = !_needsReset && _env is IStatefulVectorEnv { CanCaptureState: true } stateful ? stateful.CaptureState() : null,
        };
    }

    /// <summary>
    /// Continues from <paramref name="state"/>. Parameter names and shapes must match the policy; when the state
    /// holds no environment state the environments are reset (new episodes) at the next collection.
    /// </summary>
    public void RestoreState(TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ps = Policy.Parameters;
        var problems = new List<string>();
        var byName = state.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        for (int i = 0; i < ps.Names.Count; i++)
        {
            string name = ps.Names[i];
            var shape = ps.Parameters[i].Shape.ToArray();
            if (!byName.TryGetValue(name, out var saved))
            {
                problems.Add($"missing parameter '{name}' [{string.Join(", ", shape)}]");
            }
            else if (!saved.Shape.AsSpan().SequenceEqual(shape) || saved.Values.Length != ps.Parameters[i].Length)
            {
                problems.Add($"parameter '{name}' is [{string.Join(", ", saved.Shape)}] in the checkpoint but [{string.Join(", ", shape)}] in the policy");
            }
        }

        problems.AddRange(byName.Keys.Where(k => !ps.Names.Contains(k)).Select(k => $"unexpected parameter '{k}'"));
        if (state.RecurrentState is { } savedState && savedState.Length != _state.Length)
        {
            problems.Add($"the checkpoint carries {savedState.Length} recurrent-state floats but this policy and run need {_state.Length}");
        }

        if (state.EpisodeStarts.Length != _episodeStarts.Length)
        {
            problems.Add($"the checkpoint has {state.EpisodeStarts.Length} environments but this run has {_episodeStarts.Length}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The saved training state does not fit this trainer: " + string.Join("; ", problems) + ".", nameof(state));
        }

        for (int i = 0; i < ps.Names.Count; i++)
        {
            byName[ps.Names[i]].Values.CopyTo(ps.Parameters[i].Value);
        }

        Optimizer.ImportState(state.OptimizerState, state.OptimizerSteps);
        SetWords(_actionRng, state.Generators, "actions");
        SetWords(_shuffleRng, state.Generators, "shuffle");
        Timesteps = state.Timesteps;
        Updates = state.Updates;
        Progress = state.Progress;
        KlCoef = state.KlCoef;
        Episodes.RestoreState(state.Episodes);
        state.EpisodeStarts.CopyTo(_episodeStarts, 0);
        if (state.RecurrentState is { } carried && carried.Length == _state.Length)
        {
            carried.CopyTo(_state, 0);
        }
        else
        {
            Array.Clear(_state);
        }
        if (state.Environment is { } envState && _env is IStatefulVectorEnv stateful)
        {
            stateful.RestoreState(envState);
            _needsReset = false;
        }
        else
        {
            _needsReset = true;
        }
    }

    /// <summary>
    /// Steps all environments <paramref name="nSteps"/> times with the current policy and returns the experience with
    /// advantages and returns computed. Pass <paramref name="into"/> (shaped for this trainer) to reuse its storage.
    /// </summary>
    public RolloutBatch CollectRollouts(int nSteps, RolloutBatch? into = null) => Collect(nSteps, into, []);

    /// <summary>
    /// Runs n_epochs of shuffled minibatch updates of the clipped PPO objective on <paramref name="batch"/>
    /// (advantages and returns must already be computed).
    /// </summary>
    public PpoMetrics Learn(RolloutBatch batch)
    {
        if (batch.ObservationSize != Policy.ObservationSpace.Size || batch.ActionSize != Policy.ActionSize)
        {
            throw new ArgumentException(
                $"The batch ({batch.Describe()}) does not match the policy (observation {Policy.ObservationSpace.Size}, action {Policy.ActionSize}).",
                nameof(batch));
        }

        var config = Config;
        double lr = config.LearningRate.ValueAt(Progress);
        double clipRange = config.ClipRange.ValueAt(Progress);
        Optimizer.LearningRate = lr;
        var coefficients = new PpoLossCoefficients((float)clipRange, (float?)config.ClipRangeVf, (float)config.EntCoef, (float)config.VfCoef, (float)KlCoef);
        if (batch.RecurrentStateSize != Policy.RecurrentStateSize)
        {
            throw new ArgumentException(
                $"The batch carries {batch.RecurrentStateSize} recurrent-state floats per step but the policy needs {Policy.RecurrentStateSize}.",
                nameof(batch));
        }

        // One path for both kinds of policy: minibatches are sets of whole chunks of L steps of one row (L = 1 for a
        // feed-forward policy, so a chunk is a transition and this is ordinary shuffled minibatching).
        int chunkLength = ChunkLength(batch.Steps);
        int chunks = ChunkLayout.ChunksPerRow(batch.Steps, chunkLength) * batch.Rows;
        if (_indices.Length != chunks)
        {
            _indices = new int[chunks];
        }

        // batch_size counts steps, rounded to whole chunks; a batch_size covering the rollout means one minibatch (as SB3).
        int chunksPerMinibatch = config.BatchSize >= batch.Count ? chunks : Math.Min(ChunkLayout.ChunksPerMinibatch(config.BatchSize, chunkLength), chunks);
        _mb.EnsureCapacity(chunkLength, chunksPerMinibatch, batch.ActionMaskSize);
        double sumPolicy = 0, sumValue = 0, sumEntropy = 0, sumKl = 0, sumClip = 0, sumTotal = 0, sumNorm = 0;
        int minibatches = 0, steps = 0, epochs = 0;
        bool stop = false;
        for (int epoch = 0; epoch < config.NEpochs && !stop; epoch++)
        {
            epochs++;
            for (int i = 0; i < chunks; i++)
            {
                _indices[i] = i;
            }

            _shuffleRng.Shuffle(_indices.AsSpan());
            for (int start = 0; start < chunks; start += chunksPerMinibatch)
            {
                int k = Math.Min(chunksPerMinibatch, chunks - start);
                _mb.Gather(batch, _indices.AsSpan(start, k), chunkLength);
                int e = _mb.Entries;
                int m = _mb.ValidCount;
                var adv = _mb.Advantages.AsSpan(0, m);
                if (config.NormalizeAdvantage)
                {
                    PpoLoss.NormalizeAdvantages(adv);
                }

                var masks = batch.ActionMasks is null ? ReadOnlySpan<bool>.Empty : _mb.ActionMasks.AsSpan(0, e * batch.ActionMaskSize);
                var initialStates = _mb.InitialStates.AsSpan(0, k * batch.RecurrentStateSize);
                var starts = Policy.RecurrentStateSize == 0 ? ReadOnlySpan<bool>.Empty : _mb.EpisodeStarts.AsSpan(0, e);
                Policy.EvaluateActions(_mb.Observations.AsSpan(0, e * batch.ObservationSize), chunkLength, k, _mb.Actions.AsSpan(0, e * batch.ActionSize), masks,
                    initialStates, starts, _mb.LogProbs.AsSpan(0, e), _mb.Entropies.AsSpan(0, e), _mb.Values.AsSpan(0, e));
                var result = ComputeLoss(coefficients, e, m);
                if (!double.IsFinite(result.TotalLoss))
                {
                    throw new NonFiniteValueException("loss", null, Timesteps, Updates, (float)result.TotalLoss);
                }

                minibatches++;
                sumPolicy += result.PolicyLoss;
                sumValue += result.ValueLoss;
                sumEntropy += -result.EntropyLoss;
                sumKl += result.ApproxKl;
                sumClip += result.ClipFraction;
                sumTotal += result.TotalLoss;

                // As SB3: a minibatch whose KL already exceeds 1.5 × target is not applied, and the update ends.
                if (config.TargetKl is double targetKl && result.ApproxKl > 1.5 * targetKl)
                {
                    stop = true;
                    break;
                }

                Policy.Parameters.ZeroGrad();
                Policy.Backward(_mb.Actions.AsSpan(0, e * batch.ActionSize), _mb.GradLogProbs.AsSpan(0, e), _mb.GradEntropies.AsSpan(0, e), _mb.GradValues.AsSpan(0, e));
                double norm = GradientClipping.ClipGlobalNorm(Policy.Parameters, config.MaxGradNorm);
                if (!double.IsFinite(norm))
                {
                    throw new NonFiniteValueException("gradient", null, Timesteps, Updates, (float)norm);
                }

                sumNorm += norm;
                Optimizer.Step();
                steps++;
            }
        }

        double meanKl = sumKl / minibatches;
        if (config.AdaptiveKl)
        {
            // RLlib's rule: grow the penalty when the update moved too far, shrink it when it barely moved.
            if (meanKl > 2.0 * config.KlTarget)
            {
                KlCoef *= 1.5;
            }
            else if (meanKl < 0.5 * config.KlTarget)
            {
                KlCoef *= 0.5;
            }
        }

        Updates++;
        return new PpoMetrics
        {
            PolicyLoss = sumPolicy / minibatches,
            ValueLoss = sumValue / minibatches,
            Entropy = sumEntropy / minibatches,
            ApproxKl = meanKl,
            ClipFraction = sumClip / minibatches,
            TotalLoss = sumTotal / minibatches,
            ExplainedVariance = PpoLoss.ExplainedVariance(batch.Values, batch.Returns),
            GradNorm = steps == 0 ? 0 : sumNorm / steps,
            LearningRate = lr,
            ClipRange = clipRange,
            EpochsRun = epochs,
            MinibatchesRun = minibatches,
            StoppedEarly = stop,
            KlCoef = KlCoef,
        };
    }

    /// <summary>
    /// Alternates <see cref="CollectRollouts"/> (n_steps per environment) and <see cref="Learn"/> until
    /// <paramref name="totalTimesteps"/> environment steps have been taken in total (counting earlier calls),
    /// or a callback stops it. Returns one record per update.
    /// </summary>
    public IReadOnlyList<TrainingRecord> Train(long totalTimesteps, params TrainingCallback[] callbacks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalTimesteps, 1);
        var history = new List<TrainingRecord>();
        foreach (var cb in callbacks)
        {
            cb.OnTrainingStart(this);
        }

        try
        {
            while (Timesteps < totalTimesteps)
            {
                long startSteps = Timesteps;
                long t0 = Stopwatch.GetTimestamp();
                _trainBatch = Collect(Config.NSteps, _trainBatch, callbacks);
                double collectSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (_stopRequested || !callbacks.All(cb => cb.OnRolloutEnd(this, _trainBatch)))
                {
                    break;
                }

                // Progress as SB3 computes it: after the rollout that the update learns from.
                Progress = Math.Min(1.0, (double)Timesteps / totalTimesteps);
                long t1 = Stopwatch.GetTimestamp();
                var metrics = Learn(_trainBatch);
                double learnSeconds = Stopwatch.GetElapsedTime(t1).TotalSeconds;
                var record = new TrainingRecord
                {
                    Update = Updates,
                    Timesteps = Timesteps,
                    MeanEpisodeReturn = Episodes.MeanReturn,
                    MeanEpisodeLength = Episodes.MeanLength,
                    Episodes = Episodes.TotalEpisodes,
                    CollectSeconds = collectSeconds,
                    LearnSeconds = learnSeconds,
                    StepsPerSecond = (Timesteps - startSteps) / Math.Max(collectSeconds + learnSeconds, 1e-9),
                    Metrics = metrics,
                };
                history.Add(record);
                bool keepGoing = true;
                foreach (var cb in callbacks)
                {
                    keepGoing &= cb.OnUpdateEnd(this, record);
                }

                if (!keepGoing)
                {
                    break;
                }
            }
        }
        finally
        {
            _stopRequested = false;
            foreach (var cb in callbacks)
            {
                cb.OnTrainingEnd(this);
            }
        }

        return history;
    }

    private RolloutBatch Collect(int nSteps, RolloutBatch? into, TrainingCallback[] callbacks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nSteps, 1);
        var env = _env;
        var data = env.Data;
        int rows = env.NumEnvs;
        int obsSize = env.ObservationSpace.Size;
        int actSize = Policy.ActionSize;
        int maskSize = data.ActionMaskSize;
        int stateSize = Policy.RecurrentStateSize;
        var batch = into;
        if (batch is null || batch.Steps != nSteps || batch.Rows != rows || batch.ObservationSize != obsSize || batch.ActionSize != actSize || batch.ActionMaskSize != maskSize
            || batch.RecurrentStateSize != stateSize)
        {
            batch = new RolloutBatch(nSteps, rows, obsSize, actSize, maskSize, stateSize);
        }

        if (_needsReset)
        {
            env.Reset(Config.Seed);
            Array.Fill(_episodeStarts, true);
            Array.Clear(_state);
            _needsReset = false;
        }

        bool sde = Config.Policy.Continuous == ContinuousDistribution.Gsde;
        if (sde)
        {
            Policy.ResetNoise(_actionRng, rows);
        }

        batch.PolicyVersion = Updates;
        for (int t = 0; t < nSteps; t++)
        {
            if (sde && Config.SdeSampleFreq > 0 && t > 0 && t % Config.SdeSampleFreq == 0)
            {
                Policy.ResetNoise(_actionRng, rows);
            }

            int first = t * rows;
            data.Observations.AsSpan(0, rows * obsSize).CopyTo(batch.Observations.AsSpan(first * obsSize));
            _episodeStarts.CopyTo(batch.EpisodeStarts.AsSpan(first, rows));
            ReadOnlySpan<bool> masks = default;
            if (data.ActionMasks is { } envMasks)
            {
                var stored = batch.ActionMasks.AsSpan(first * maskSize, rows * maskSize);
                envMasks.AsSpan(0, rows * maskSize).CopyTo(stored);
                masks = stored;
            }

            if (stateSize > 0)
            {
                // The state entering this step (zero for a row whose episode starts here); learning restarts chunks from it.
                _state.CopyTo(batch.RecurrentStates.AsSpan(first * stateSize, rows * stateSize));
            }

            var actions = batch.Actions.AsSpan(first * actSize, rows * actSize);
            Policy.Act(data.Observations.AsSpan(0, rows * obsSize), rows, masks, _state, _episodeStarts, _actionRng, deterministic: false, actions,
                batch.LogProbs.AsSpan(first, rows), batch.Values.AsSpan(first, rows));
            env.Step(ToEnvironmentActions(actions));

            CheckFinite(data, rows, obsSize);
            data.Rewards.AsSpan(0, rows).CopyTo(batch.Rewards.AsSpan(first, rows));
            data.Terminated.AsSpan(0, rows).CopyTo(batch.Terminated.AsSpan(first, rows));
            data.Truncated.AsSpan(0, rows).CopyTo(batch.Truncated.AsSpan(first, rows));
            var bootstrap = batch.BootstrapValues.AsSpan(first, rows);
            bootstrap.Clear();
            bool anyTruncated = false;
            for (int r = 0; r < rows; r++)
            {
                bool done = data.Terminated[r] || data.Truncated[r];
                anyTruncated |= data.Truncated[r] && !data.Terminated[r];
                if (done)
                {
                    Episodes.Add(data.EpisodeReturns[r], data.EpisodeLengths[r]);
                }

                _episodeStarts[r] = done;
            }

            if (anyTruncated)
            {
                // A time limit is not a terminal state: bootstrap from the value of the episode's final observation
                // (for a recurrent policy, from the state after the episode's last step).
                Policy.PredictValues(data.FinalObservations.AsSpan(0, rows * obsSize), rows, _state, default, _finalValues);
                for (int r = 0; r < rows; r++)
                {
                    if (data.Truncated[r] && !data.Terminated[r])
                    {
                        bootstrap[r] = _finalValues[r];
                    }
                }
            }

            if (stateSize > 0)
            {
                for (int r = 0; r < rows; r++)
                {
                    if (_episodeStarts[r])
                    {
                        _state.AsSpan(r * stateSize, stateSize).Clear();
                    }
                }
            }

            Timesteps += rows;
            foreach (var cb in callbacks)
            {
                if (!cb.OnStep(this))
                {
                    _stopRequested = true;
                }
            }
        }

        Policy.PredictValues(data.Observations.AsSpan(0, rows * obsSize), rows, _state, _episodeStarts, _lastValues);
        batch.ComputeGae(_lastValues, (float)Config.Gamma, (float)Config.GaeLambda);
        return batch;
    }

    /// <summary>
    /// The PPO loss over the <paramref name="valid"/> real entries of the gathered minibatch (of <paramref name="entries"/>
    /// padded ones); writes the per-entry gradients into the padded layout with zeros at padding.
    /// </summary>
    private PpoLossResult ComputeLoss(PpoLossCoefficients coefficients, int entries, int valid)
    {
        var mb = _mb;
        if (valid == entries)
        {
            return PpoLoss.Compute(mb.LogProbs.AsSpan(0, valid), mb.OldLogProbs.AsSpan(0, valid), mb.Advantages.AsSpan(0, valid), mb.Entropies.AsSpan(0, valid),
                mb.Values.AsSpan(0, valid), mb.OldValues.AsSpan(0, valid), mb.Returns.AsSpan(0, valid), coefficients,
                mb.GradLogProbs.AsSpan(0, valid), mb.GradEntropies.AsSpan(0, valid), mb.GradValues.AsSpan(0, valid));
        }

        var map = mb.ValidIndex.AsSpan(0, valid);
        for (int v = 0; v < valid; v++)
        {
            int p = map[v];
            mb.ValidLogProbs[v] = mb.LogProbs[p];
            mb.ValidEntropies[v] = mb.Entropies[p];
            mb.ValidValues[v] = mb.Values[p];
        }

        var result = PpoLoss.Compute(mb.ValidLogProbs.AsSpan(0, valid), mb.OldLogProbs.AsSpan(0, valid), mb.Advantages.AsSpan(0, valid), mb.ValidEntropies.AsSpan(0, valid),
            mb.ValidValues.AsSpan(0, valid), mb.OldValues.AsSpan(0, valid), mb.Returns.AsSpan(0, valid), coefficients,
            mb.ValidGradLogProbs.AsSpan(0, valid), mb.ValidGradEntropies.AsSpan(0, valid), mb.ValidGradValues.AsSpan(0, valid));
        mb.GradLogProbs.AsSpan(0, entries).Clear();
        mb.GradEntropies.AsSpan(0, entries).Clear();
        mb.GradValues.AsSpan(0, entries).Clear();
        for (int v = 0; v < valid; v++)
        {
            int p = map[v];
            mb.GradLogProbs[p] = mb.ValidGradLogProbs[v];
            mb.GradEntropies[p] = mb.ValidGradEntropies[v];
            mb.GradValues[p] = mb.ValidGradValues[v];
        }

        return result;
    }

    /// <summary>Finds a NaN/Inf from the environments where it first appears, before it enters the batch.</summary>
    private void CheckFinite(VectorStepData data, int rows, int obsSize)
    {
        // One SIMD pass each; only a non-finite sum (NaN/Inf somewhere, or an overflow) triggers the row scan.
        if (float.IsFinite(TensorPrimitives.SumOfMagnitudes<float>(data.Rewards.AsSpan(0, rows)))
            && float.IsFinite(TensorPrimitives.SumOfMagnitudes<float>(data.Observations.AsSpan(0, rows * obsSize))))
        {
            return;
        }

        for (int i = 0; i < rows; i++)
        {
            if (!float.IsFinite(data.Rewards[i]))
            {
                throw new NonFiniteValueException("reward", i, Timesteps, Updates, data.Rewards[i]);
            }

            foreach (float v in data.Observation(i))
            {
                if (!float.IsFinite(v))
                {
                    throw new NonFiniteValueException("observation", i, Timesteps, Updates, v);
                }
            }
        }
    }

    private static ulong[] Words(Pcg64 rng)
    {
        var (sh, sl, ih, il) = rng.State;
        return [sh, sl, ih, il];
    }

    private static void SetWords(Pcg64 rng, IReadOnlyDictionary<string, ulong[]> generators, string name)
    {
        if (!generators.TryGetValue(name, out var w) || w.Length != 4)
        {
            throw new ArgumentException($"The saved training state lacks the '{name}' generator (four words).", nameof(generators));
        }

        rng.State = (w[0], w[1], w[2], w[3]);
    }

    /// <summary>Continuous actions are clipped to the bounds for the environment only; the batch keeps the sample.</summary>
    private ReadOnlySpan<float> ToEnvironmentActions(ReadOnlySpan<float> actions)
    {
        if (_clipBox is null)
        {
            return actions;
        }

        var low = _clipBox.Low;
        var high = _clipBox.High;
        int size = low.Length;
        for (int i = 0; i < actions.Length; i++)
        {
            int d = i % size;
            _envActions[i] = Math.Clamp(actions[i], low[d], high[d]);
        }

        return _envActions;
    }
}
