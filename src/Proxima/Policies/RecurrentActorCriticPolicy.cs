using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Nn.Recurrent;
using Proxima.Random;
using Proxima.Threading;

namespace Proxima.Policies;

/// <summary>
/// Recurrent actor-critic (sb3-contrib's <c>RecurrentActorCriticPolicy</c>): observation encoder (Dict keys each through
/// their own MLP, then concatenated; Box observations pass through), an LSTM or GRU core, then the actor MLP
/// (<see cref="PolicyConfig.PiLayers"/>) feeding the action head and the critic MLP (<see cref="PolicyConfig.VfLayers"/>)
/// feeding the value head. The critic's memory is its own core, the actor's (detached), or none
/// (<see cref="RecurrentConfig.Critic"/>).
/// <para>
/// State row layout: the actor core's state (<see cref="RecurrentModule.StateSize"/> floats: h then c per layer for an
/// LSTM), then the critic core's when it has one. Parameters: <c>features.&lt;key&gt;.*</c>, <c>lstm_actor.*</c>,
/// <c>lstm_critic.*</c> (PyTorch LSTM/GRU names), <c>pi.*</c>, <c>vf.*</c>, <c>action.*</c>, <c>value.*</c>.
/// </para>
/// </summary>
public sealed class RecurrentActorCriticPolicy : IActorCriticPolicy
{
    private readonly ObservationEncoder _encoder;
    private readonly DictKeyEncoder _keys;
    private readonly RecurrentModule _actorCore;
    private readonly RecurrentModule? _criticCore;
    private readonly Sequential _pi;
    private readonly Sequential _vf;
    private readonly ActionHead _head;
    private readonly Linear _value;
    private readonly CriticMemory _criticMemory;
    private readonly int _actorStateSize;
    private readonly int _criticStateSize;
    private readonly Tensor _valueGrad;
    private readonly Tensor _featureGrad;
    private float[] _actorState = [];
    private float[] _criticState = [];
    private float[] _actorFinal = [];
    private float[] _criticFinal = [];
    private bool _evaluated;

    // The critic branch of EvaluateActions/Backward on a second thread: its inputs and outputs live in fields
    // (a forked delegate cannot capture spans); the actor branch runs on the calling thread.
    private readonly ForkJoin _fork = new();
    private readonly Action _criticForward;
    private readonly Action _criticBackward;
    private Tensor? _branchFeatures;
    private int _branchSteps;
    private int _branchSequences;
    private bool _branchHasState;
    private bool[] _branchStarts = [];
    private int _branchStartCount;
    private Tensor? _branchValues;
    private Tensor? _branchInputGrad;
    private bool _forked;

    /// <summary>Builds and initializes the networks; <paramref name="config"/> must have a <see cref="PolicyConfig.Recurrent"/> part.</summary>
    public RecurrentActorCriticPolicy(Space observationSpace, Space actionSpace, PolicyConfig config, Pcg64 rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = config.Problems().ToList();
        if (config.Recurrent is null)
        {
            problems.Add("policy.recurrent is missing: a recurrent policy needs lstm or gru settings.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid policy configuration: " + string.Join(" ", problems), nameof(config));
        }

        var rc = config.Recurrent!;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Config = config;
        _criticMemory = rc.Critic;
        _encoder = new ObservationEncoder(observationSpace);
        _keys = new DictKeyEncoder(observationSpace, rc.KeyEncoderLayers, config.Activation);
        int features = _keys.OutputSize;
        _actorCore = CreateCore(rc, features);
        _criticCore = rc.Critic == CriticMemory.Separate ? CreateCore(rc, features) : null;
        _actorStateSize = _actorCore.StateSize;
        _criticStateSize = _criticCore?.StateSize ?? 0;

        // Without encoder parameters the cores read observations, whose gradient nobody needs.
        _actorCore.InputGradientRequired = _keys.HasParameters;
        if (_criticCore is not null)
        {
            _criticCore.InputGradientRequired = _keys.HasParameters;
        }

        _pi = Mlp.Create(rc.HiddenSize, config.PiLayers, config.Activation);
        _vf = Mlp.Create(rc.Critic == CriticMemory.None ? features : rc.HiddenSize, config.VfLayers, config.Activation);
        _head = ActionHeads.Create(actionSpace, _pi.OutputSize, new ActionHeadOptions(
            config.Continuous, (float)config.LogStdInit, config.StateDependentStd, config.FullStd));
        _value = new Linear(_vf.OutputSize, 1);
        _valueGrad = new Tensor(0, 1);
        _featureGrad = new Tensor(0, features);

        var named = new List<(string, Parameter)>();
        named.AddRange(_keys.NamedParameters("features."));
        named.AddRange(_actorCore.NamedParameters("lstm_actor."));
        if (_criticCore is not null)
        {
            named.AddRange(_criticCore.NamedParameters("lstm_critic."));
        }

        named.AddRange(_pi.NamedParameters("pi."));
        named.AddRange(_vf.NamedParameters("vf."));
        named.AddRange(_head.NamedParameters().Select(p => ("action." + p.Name, p.Parameter)));
        named.AddRange(_value.NamedParameters("value."));
        Parameters = new ParameterSet(named);
        Initialize(rng);
        ParallelCritic = rc.ParallelCritic && ForkJoin.Worthwhile;
        _criticForward = CriticForwardBranch;
        _criticBackward = CriticBackwardBranch;
    }

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <inheritdoc />
    public PolicyConfig Config { get; }

    /// <inheritdoc />
    public ParameterSet Parameters { get; }

    /// <summary>The action distribution head.</summary>
    public ActionHead Head => _head;

    /// <summary>The actor's recurrent core.</summary>
    public RecurrentModule ActorCore => _actorCore;

    /// <summary>The critic's own recurrent core, or null when it shares the actor's or has none.</summary>
    public RecurrentModule? CriticCore => _criticCore;

    /// <inheritdoc />
    public int RecurrentStateSize => _actorStateSize + _criticStateSize;

    /// <summary>
    /// Whether learning-time passes (<see cref="EvaluateActions"/> and <see cref="Backward"/>) run the critic branch
    /// (its own recurrent core, MLP and value head) on a helper thread while the actor's runs on the caller's. Default:
    /// <see cref="RecurrentConfig.ParallelCritic"/> on a machine with more than one processor. The two branches share
    /// no writable state, so results are bit-identical either way. Applies only with a separate critic core
    /// (<see cref="CriticMemory.Separate"/>) and batches of at least <see cref="ParallelMinRows"/> rows; acting (one
    /// step of a few rows) always runs on one thread.
    /// </summary>
    public bool ParallelCritic { get; set; }

    /// <summary>Smallest batch (steps × sequences) whose critic branch is worth a second thread.</summary>
    public const int ParallelMinRows = 64;

    /// <inheritdoc />
    public int ActionSize => _head.ActionSize;

    /// <inheritdoc />
    public int ActionMaskSize => _head.ActionMaskSize;

    /// <summary>A zeroed state for <paramref name="rows"/> rows (the state before any step of a new episode).</summary>
    public float[] InitialState(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return new float[rows * RecurrentStateSize];
    }

    /// <inheritdoc />
    public void Act(
        ReadOnlySpan<float> observations,
        int rows,
        ReadOnlySpan<bool> actionMasks,
        Span<float> state,
        ReadOnlySpan<bool> episodeStarts,
        Pcg64 rng,
        bool deterministic,
        Span<float> actions,
        Span<float> logProbs,
        Span<float> values)
    {
        CheckState(state, rows);
        var features = _keys.Forward(_encoder.Encode(observations, rows));
        SplitState(state, rows);
        bool keep = !state.IsEmpty;
        var actorOut = _actorCore.Forward(features, 1, ActorState(state, rows), episodeStarts, keep ? _actorFinal.AsSpan(0, rows * _actorStateSize) : default);
        var latent = _pi.Forward(actorOut);
        _head.Forward(latent, actionMasks);
        _head.SelectActions(rng, deterministic, actions, logProbs);
        var criticFinal = keep && _criticCore is not null ? _criticFinal.AsSpan(0, rows * _criticStateSize) : default;
        WriteValues(features, actorOut, 1, CriticState(state, rows), episodeStarts, criticFinal, values);
        if (keep)
        {
            MergeState(state, rows);
        }

        _evaluated = false;
    }

    /// <inheritdoc />
    public void PredictValues(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<float> state, ReadOnlySpan<bool> episodeStarts, Span<float> values)
    {
        CheckState(state, rows);
        var features = _keys.Forward(_encoder.Encode(observations, rows));
        SplitState(state, rows);
        Tensor? actorOut = null;
        if (_criticMemory == CriticMemory.Shared)
        {
            actorOut = _actorCore.Forward(features, 1, ActorState(state, rows), episodeStarts, default);
        }

        WriteValues(features, actorOut, 1, CriticState(state, rows), episodeStarts, default, values);
        _evaluated = false;
    }

    /// <inheritdoc />
    public void EvaluateActions(
        ReadOnlySpan<float> observations,
        int steps,
        int sequences,
        ReadOnlySpan<float> actions,
        ReadOnlySpan<bool> actionMasks,
        ReadOnlySpan<float> initialStates,
        ReadOnlySpan<bool> episodeStarts,
        Span<float> logProbs,
        Span<float> entropies,
        Span<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        CheckState(initialStates, sequences);
        var features = _keys.Forward(_encoder.Encode(observations, steps * sequences));
        SplitState(initialStates, sequences);
        _forked = ParallelCritic && _criticCore is not null && steps * sequences >= ParallelMinRows;
        if (_forked)
        {
            _branchFeatures = features;
            _branchSteps = steps;
            _branchSequences = sequences;
            _branchHasState = !initialStates.IsEmpty;
            _branchStartCount = episodeStarts.Length;
            if (_branchStarts.Length < episodeStarts.Length)
            {
                _branchStarts = new bool[Math.Max(episodeStarts.Length, _branchStarts.Length * 2)];
            }

            episodeStarts.CopyTo(_branchStarts);
            _fork.Fork(_criticForward);
        }

        try
        {
            var actorOut = _actorCore.Forward(features, steps, ActorState(initialStates, sequences), episodeStarts, default);
            var latent = _pi.Forward(actorOut);
            _head.Forward(latent, actionMasks);
            _head.LogProb(actions, logProbs);
            _head.Entropy(entropies);
            if (!_forked)
            {
                WriteValues(features, actorOut, steps, CriticState(initialStates, sequences), episodeStarts, default, values);
            }
        }
        finally
        {
            _fork.Join();
        }

        if (_forked)
        {
            _branchValues!.Span.CopyTo(values);
        }

        _evaluated = true;
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProbs, ReadOnlySpan<float> gradEntropies, ReadOnlySpan<float> gradValues)
    {
        if (!_evaluated)
        {
            throw new InvalidOperationException("Backward needs a preceding EvaluateActions call (and no Act/PredictValues in between).");
        }

        int rows = gradValues.Length;
        _valueGrad.SetRows(rows);
        gradValues.CopyTo(_valueGrad.Span);
        Tensor actorFeatureGrad;
        if (_forked)
        {
            _fork.Fork(_criticBackward);
        }

        try
        {
            var headGrad = _head.Backward(actions, gradLogProbs, gradEntropies);
            actorFeatureGrad = _actorCore.Backward(_pi.Backward(headGrad));
            if (!_forked)
            {
                CriticBackwardBranch();
            }
        }
        finally
        {
            _fork.Join();
        }

        if (!_keys.HasParameters)
        {
            return;
        }

        var featureGrad = _featureGrad.SetRows(rows).Span;
        actorFeatureGrad.Span.CopyTo(featureGrad);
        if (_criticMemory != CriticMemory.Shared)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(featureGrad, _branchInputGrad!.Span, featureGrad);
        }

        _keys.Backward(_featureGrad);
    }

    /// <inheritdoc />
    public void ResetNoise(Pcg64 rng, int rows) => _head.ResetNoise(rng, rows);

    /// <inheritdoc />
    public string Describe() =>
        $"encoder: {ObservationSpace} -> {_keys.OutputSize}" +
        (_keys.HasParameters ? " (" + string.Join(", ", _keys.Encoders.Select(e => $"{e.Key}: {e.Mlp.Describe()}")) + ")" : string.Empty) +
        Environment.NewLine +
        $"lstm_actor: {_actorCore.Describe()}{Environment.NewLine}" +
        $"lstm_critic: {(_criticCore is null ? _criticMemory == CriticMemory.Shared ? "shares lstm_actor (detached)" : "none" : _criticCore.Describe())}{Environment.NewLine}" +
        $"pi: {_pi.Describe()}{Environment.NewLine}vf: {_vf.Describe()}{Environment.NewLine}" +
        $"action: {_head.Describe()}{Environment.NewLine}value: {_value.Describe()}{Environment.NewLine}" +
        $"recurrent state: {RecurrentStateSize} floats per row{Environment.NewLine}" +
        $"parameters: {Parameters.Count}";

    private static RecurrentModule CreateCore(RecurrentConfig rc, int inputSize) => rc.Cell switch
    {
        RecurrentCell.Gru => new Gru(inputSize, rc.HiddenSize, rc.NumLayers),
        _ => new Lstm(inputSize, rc.HiddenSize, rc.NumLayers),
    };

    private static void Grow(ref float[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new float[Math.Max(size, buffer.Length * 2)];
        }
    }

    private void CheckState(ReadOnlySpan<float> state, int rows)
    {
        if (!state.IsEmpty && state.Length != rows * RecurrentStateSize)
        {
            throw new ArgumentException($"The recurrent state needs {rows}x{RecurrentStateSize} values, got {state.Length}.", nameof(state));
        }
    }

    /// <summary>Copies the actor and critic parts of each state row into contiguous buffers.</summary>
    private void SplitState(ReadOnlySpan<float> state, int rows)
    {
        Grow(ref _actorState, rows * _actorStateSize);
        Grow(ref _actorFinal, rows * _actorStateSize);
        Grow(ref _criticState, rows * _criticStateSize);
        Grow(ref _criticFinal, rows * _criticStateSize);
        if (state.IsEmpty)
        {
            return;
        }

        int s = RecurrentStateSize;
        for (int r = 0; r < rows; r++)
        {
            var row = state.Slice(r * s, s);
            row[.._actorStateSize].CopyTo(_actorState.AsSpan(r * _actorStateSize));
            if (_criticStateSize > 0)
            {
                row[_actorStateSize..].CopyTo(_criticState.AsSpan(r * _criticStateSize));
            }
        }
    }

    private void MergeState(Span<float> state, int rows)
    {
        int s = RecurrentStateSize;
        for (int r = 0; r < rows; r++)
        {
            var row = state.Slice(r * s, s);
            _actorFinal.AsSpan(r * _actorStateSize, _actorStateSize).CopyTo(row);
            if (_criticStateSize > 0)
            {
                _criticFinal.AsSpan(r * _criticStateSize, _criticStateSize).CopyTo(row[_actorStateSize..]);
            }
        }
    }

    private ReadOnlySpan<float> ActorState(ReadOnlySpan<float> state, int rows) =>
        state.IsEmpty ? default : _actorState.AsSpan(0, rows * _actorStateSize);

    private ReadOnlySpan<float> CriticState(ReadOnlySpan<float> state, int rows) =>
        state.IsEmpty || _criticStateSize == 0 ? default : _criticState.AsSpan(0, rows * _criticStateSize);

    private void WriteValues(Tensor features, Tensor? actorOut, int steps, ReadOnlySpan<float> criticState, ReadOnlySpan<bool> episodeStarts, Span<float> criticFinal, Span<float> values) =>
        CriticValues(features, actorOut, steps, criticState, episodeStarts, criticFinal).Span.CopyTo(values);

    // The critic branch: its memory (own core, the actor's output, or none), the vf MLP and the value head.
    private Tensor CriticValues(Tensor features, Tensor? actorOut, int steps, ReadOnlySpan<float> criticState, ReadOnlySpan<bool> episodeStarts, Span<float> criticFinal)
    {
        Tensor criticIn = _criticMemory switch
        {
            CriticMemory.Separate => _criticCore!.Forward(features, steps, criticState, episodeStarts, criticFinal),
            CriticMemory.Shared => actorOut!,
            _ => features,
        };
        return _value.Forward(_vf.Forward(criticIn));
    }

    // The critic's forward pass over the batch stored by EvaluateActions (runs on the forked thread).
    private void CriticForwardBranch()
    {
        var criticState = _branchHasState ? _criticState.AsSpan(0, _branchSequences * _criticStateSize) : default;
        var starts = _branchStarts.AsSpan(0, _branchStartCount);
        _branchValues = CriticValues(_branchFeatures!, null, _branchSteps, criticState, starts, default);
    }

    // Value head, critic MLP and (separate) critic core backward; keeps the gradient reaching the encoded features.
    private void CriticBackwardBranch()
    {
        var criticInGrad = _vf.Backward(_value.Backward(_valueGrad));
        _branchInputGrad = _criticCore is not null ? _criticCore.Backward(criticInGrad) : criticInGrad;
    }

    private void Initialize(Pcg64 rng)
    {
        bool ortho = Config.OrthoInit;
        foreach (var (_, mlp) in _keys.Encoders)
        {
            InitTrunk(mlp, ortho, rng);
        }

        foreach (var core in new[] { _actorCore, _criticCore })
        {
            if (core is null)
            {
                continue;
            }

            if (ortho)
            {
                RecurrentInit.Orthogonal(core, rng);
            }
            else
            {
                RecurrentInit.Uniform(core, rng);
            }
        }

        InitTrunk(_pi, ortho, rng);
        InitTrunk(_vf, ortho, rng);
        foreach (var (name, p) in _head.NamedParameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                InitLinear(p, null, 0.01, ortho, rng);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                p.Value.Clear();
            }
        }

        InitLinear(_value.Weight, _value.Bias, 1.0, ortho, rng);
    }

    private static void InitTrunk(Sequential trunk, bool ortho, Pcg64 rng)
    {
        foreach (var linear in trunk.Layers.OfType<Linear>())
        {
            InitLinear(linear.Weight, linear.Bias, Math.Sqrt(2), ortho, rng);
        }
    }

    private static void InitLinear(Parameter weight, Parameter? bias, double gain, bool ortho, Pcg64 rng)
    {
        if (ortho)
        {
            Init.Orthogonal(weight, gain, rng);
            bias?.Value.Clear();
            return;
        }

        Init.KaimingUniform(weight, rng);
        if (bias is not null)
        {
            double bound = 1.0 / Math.Sqrt(weight.Shape[1]);
            Init.Uniform(bias, -bound, bound, rng);
        }
    }
}
