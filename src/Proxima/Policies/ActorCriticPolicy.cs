using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Policies;

/// <summary>
/// Actor-critic for PPO: an observation encoder, an actor trunk feeding the action distribution head, and a critic
/// trunk feeding a scalar value head (or one trunk shared by both). It offers exactly what the trainer needs:
/// <c>Act</c> during collection, <c>EvaluateActions</c> + <c>Backward</c> during learning,
/// <c>PredictValues</c> for bootstrapping. All parameters live in one <see cref="ParameterSet"/> with names
/// such as <c>pi.0.weight</c>, <c>vf.2.bias</c>, <c>action.linear.weight</c>, <c>action.log_std</c>, <c>value.weight</c>.
/// </summary>
public sealed class ActorCriticPolicy : IActorCriticPolicy
{
    private readonly ObservationEncoder _encoder;
    private readonly Sequential _pi;
    private readonly Sequential? _vf;
    private readonly ActionHead _head;
    private readonly Linear _value;
    private readonly Tensor _valueGrad;
    private readonly Tensor _sharedGrad;
    private Tensor? _piLatent;

    /// <summary>Builds and initializes the networks for the given spaces.</summary>
    public ActorCriticPolicy(Space observationSpace, Space actionSpace, PolicyConfig config, Pcg64 rng)
    {
        var problems = config.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid policy configuration: " + string.Join(" ", problems), nameof(config));
        }

        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Config = config;
        _encoder = new ObservationEncoder(observationSpace);
        _pi = Mlp.Create(_encoder.FeatureSize, config.PiLayers, config.Activation);
        _vf = config.ShareTrunk ? null : Mlp.Create(_encoder.FeatureSize, config.VfLayers, config.Activation);
        int piLatent = _pi.OutputSize;
        int vfLatent = _vf?.OutputSize ?? piLatent;
        _head = ActionHeads.Create(actionSpace, piLatent, new ActionHeadOptions(
            config.Continuous, (float)config.LogStdInit, config.StateDependentStd, config.FullStd));
        _value = new Linear(vfLatent, 1);
        _valueGrad = new Tensor(0, 1);
        _sharedGrad = new Tensor(0, piLatent);

        var named = new List<(string, Parameter)>();
        named.AddRange(_pi.NamedParameters("pi."));
        if (_vf is not null)
        {
            named.AddRange(_vf.NamedParameters("vf."));
        }

        named.AddRange(_head.NamedParameters().Select(p => ("action." + p.Name, p.Parameter)));
        named.AddRange(_value.NamedParameters("value."));
        Parameters = new ParameterSet(named);
        Initialize(rng);
    }

    /// <summary>Space of the observations the policy reads.</summary>
    public Space ObservationSpace { get; }

    /// <summary>Space of the actions it produces.</summary>
    public Space ActionSpace { get; }

    /// <summary>The architecture settings.</summary>
    public PolicyConfig Config { get; }

    /// <summary>All trainable parameters in one flat buffer.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The action distribution head.</summary>
    public ActionHead Head => _head;

    /// <summary>Floats of recurrent state per row (0: this policy is feed-forward).</summary>
    public int RecurrentStateSize => 0;

    /// <summary>Floats per action.</summary>
    public int ActionSize => _head.ActionSize;

    /// <summary>Mask entries per row the action head understands (0 if none).</summary>
    public int ActionMaskSize => _head.ActionMaskSize;

    /// <summary>
    /// Chooses actions for <paramref name="rows"/> observations: sampled (or the mode when
    /// <paramref name="deterministic"/>), with their log-probabilities and the value estimates.
    /// </summary>
    public void Act(
        ReadOnlySpan<float> observations,
        int rows,
        ReadOnlySpan<bool> actionMasks,
        Pcg64 rng,
        bool deterministic,
        Span<float> actions,
        Span<float> logProbs,
        Span<float> values)
    {
        var features = _encoder.Encode(observations, rows);
        var latent = _pi.Forward(features);
        _head.Forward(latent, actionMasks);
        _head.SelectActions(rng, deterministic, actions, logProbs);
        WriteValues(features, latent, values);
    }

    /// <summary>Feed-forward: the state and episode starts are ignored (see <see cref="IActorCriticPolicy"/>).</summary>
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
        Span<float> values) =>
        Act(observations, rows, actionMasks, rng, deterministic, actions, logProbs, values);

    /// <summary>Feed-forward: the state and episode starts are ignored.</summary>
    public void PredictValues(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<float> state, ReadOnlySpan<bool> episodeStarts, Span<float> values) =>
        PredictValues(observations, rows, values);

    /// <summary>Feed-forward: the <paramref name="steps"/>·<paramref name="sequences"/> entries are independent rows.</summary>
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
        Span<float> values) =>
        EvaluateActions(observations, steps * sequences, actions, actionMasks, logProbs, entropies, values);

    /// <summary>Value estimates only (bootstrapping from final or last observations).</summary>
    public void PredictValues(ReadOnlySpan<float> observations, int rows, Span<float> values)
    {
        var features = _encoder.Encode(observations, rows);
        var latent = _vf is null ? _pi.Forward(features) : null;
        WriteValues(features, latent, values);
    }

    /// <summary>
    /// Scores stored actions under the current weights (the learning-time forward pass); remembers what
    /// <c>Backward</c> needs.
    /// </summary>
    public void EvaluateActions(
        ReadOnlySpan<float> observations,
        int rows,
        ReadOnlySpan<float> actions,
        ReadOnlySpan<bool> actionMasks,
        Span<float> logProbs,
        Span<float> entropies,
        Span<float> values)
    {
        var features = _encoder.Encode(observations, rows);
        _piLatent = _pi.Forward(features);
        _head.Forward(_piLatent, actionMasks);
        _head.LogProb(actions, logProbs);
        _head.Entropy(entropies);
        WriteValues(features, _piLatent, values);
    }

    /// <summary>
    /// Backpropagates per-sample loss gradients with respect to log-probability, entropy and value through the
    /// networks of the last <c>EvaluateActions</c>, adding into <see cref="ParameterSet.Grads"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProbs, ReadOnlySpan<float> gradEntropies, ReadOnlySpan<float> gradValues)
    {
        if (_piLatent is null)
        {
            throw new InvalidOperationException("Backward needs a preceding EvaluateActions call.");
        }

        int rows = gradValues.Length;
        var headGrad = _head.Backward(actions, gradLogProbs, gradEntropies);
        _valueGrad.SetRows(rows);
        gradValues.CopyTo(_valueGrad.Span);
        var valueLatentGrad = _value.Backward(_valueGrad);
        if (_vf is null)
        {
            _sharedGrad.SetRows(rows);
            System.Numerics.Tensors.TensorPrimitives.Add(headGrad.Span, valueLatentGrad.Span, _sharedGrad.Span);
            _pi.Backward(_sharedGrad);
        }
        else
        {
            _pi.Backward(headGrad);
            _vf.Backward(valueLatentGrad);
        }
    }

    /// <summary>Resamples state-dependent exploration noise (gSDE) for <paramref name="rows"/> rows.</summary>
    public void ResetNoise(Pcg64 rng, int rows) => _head.ResetNoise(rng, rows);

    /// <summary>A one-line-per-module summary of the architecture.</summary>
    public string Describe() =>
        $"encoder: {ObservationSpace} -> {_encoder.FeatureSize}{Environment.NewLine}" +
        $"pi: {_pi.Describe()}{Environment.NewLine}" +
        (_vf is null ? "vf: shares pi" : $"vf: {_vf.Describe()}") + Environment.NewLine +
        $"action: {_head.Describe()}{Environment.NewLine}value: {_value.Describe()}{Environment.NewLine}" +
        $"parameters: {Parameters.Count}";

    private void WriteValues(Tensor features, Tensor? piLatent, Span<float> values)
    {
        var latent = _vf is null ? piLatent! : _vf.Forward(features);
        var v = _value.Forward(latent);
        v.Span.CopyTo(values);
    }

    private void Initialize(Pcg64 rng)
    {
        var trunks = _vf is null ? new[] { _pi } : new[] { _pi, _vf };
        foreach (var trunk in trunks)
        {
            foreach (var linear in trunk.Layers.OfType<Linear>())
            {
                InitLinear(linear.Weight, linear.Bias, Math.Sqrt(2), rng);
            }
        }

        // Each head weight is initialized with its bias: orthogonal (gain 0.01) and zero, or without ortho_init PyTorch's
        // nn.Linear default for both, as SB3 leaves action_net untouched then (biases uniform in ±1/sqrt(fan_in), not 0).
        var headList = _head.NamedParameters().ToList();
        var headParameters = headList.ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
        foreach (var (name, p) in headList)
        {
            if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                string biasName = name[..^"weight".Length] + "bias";
                InitLinear(p, headParameters.GetValueOrDefault(biasName), 0.01, rng);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal)
                && !headParameters.ContainsKey(name[..^"bias".Length] + "weight"))
            {
                p.Value.Clear();
            }
        }

        InitLinear(_value.Weight, _value.Bias, 1.0, rng);
    }

    private void InitLinear(Parameter weight, Parameter? bias, double gain, Pcg64 rng)
    {
        if (Config.OrthoInit)
        {
            Init.Orthogonal(weight, gain, rng);
            bias?.Value.Clear();
        }
        else
        {
            // PyTorch's nn.Linear default: Kaiming-uniform weights, biases uniform in ±1/sqrt(fan_in).
            Init.KaimingUniform(weight, rng);
            if (bias is not null)
            {
                double bound = 1.0 / Math.Sqrt(weight.Shape[1]);
                var b = bias.Value;
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = (float)rng.Uniform(-bound, bound);
                }
            }
        }
    }
}
