using Proxima.Envs.Spaces;

namespace Proxima.Envs.Vector;

/// <summary>
/// The per-environment work shared by the vector environments: resetting and stepping a contiguous range of rows into
/// a <see cref="VectorStepData"/>, with same-step autoreset, raw episode statistics and action masks. Distinct ranges
/// touch distinct rows only, so ranges may be processed concurrently.
/// </summary>
internal sealed class VectorEnvCore
{
    private const string StepCountKey = "vector.step_count";
    private readonly IEnv[] _envs;
    private readonly IActionMaskProvider?[] _masks;
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly int _actionSize;

    public VectorEnvCore(IReadOnlyList<IEnv> envs)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0)
        {
            throw new ArgumentException("A vector environment needs at least one environment.", nameof(envs));
        }

        _envs = new IEnv[envs.Count];
        for (int i = 0; i < envs.Count; i++)
        {
            _envs[i] = envs[i] ?? throw new ArgumentException($"Environment {i} is null.", nameof(envs));
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(_envs[i], _envs[j]))
                {
                    throw new ArgumentException($"Environments {j} and {i} are the same instance; give every row its own environment.", nameof(envs));
                }
            }
        }

        ObservationSpace = _envs[0].ObservationSpace;
        ActionSpace = _envs[0].ActionSpace;
        for (int i = 1; i < _envs.Length; i++)
        {
            CheckSameSpace(ObservationSpace, _envs[i].ObservationSpace, i, "observation");
            CheckSameSpace(ActionSpace, _envs[i].ActionSpace, i, "action");
        }

        _masks = new IActionMaskProvider?[_envs.Length];
        int maskSize = MaskProvider(_envs[0])?.ActionMaskSize ?? 0;
        for (int i = 0; i < _envs.Length; i++)
        {
            var provider = MaskProvider(_envs[i]);
            if ((provider is null) != (maskSize == 0) || (provider is not null && provider.ActionMaskSize != maskSize))
            {
                throw new ArgumentException(
                    $"Environment {i} {(provider is null ? "provides no action mask" : $"provides action masks of size {provider.ActionMaskSize}")}" +
                    $" but environment 0 {(maskSize == 0 ? "provides none" : $"provides size {maskSize}")}; all environments must agree.",
                    nameof(envs));
            }

            _masks[i] = provider;
        }

        _actionSize = ActionSpace.Size;
        _returns = new double[_envs.Length];
        _lengths = new int[_envs.Length];
        Data = new VectorStepData(_envs.Length, ObservationSpace.Size, maskSize);
    }

    public int NumEnvs => _envs.Length;

    public Space ObservationSpace { get; }

    public Space ActionSpace { get; }

    public VectorStepData Data { get; }

    public IReadOnlyList<IEnv> Envs => _envs;

    /// <summary>Vector steps made since creation (the step being processed while stepping).</summary>
    public long StepCount { get; set; }

    /// <summary>Reset (or restored) since creation, and no environment has failed since: Step may run.</summary>
    public bool Ready { get; set; }

    /// <summary>Throws unless <see cref="Ready"/> and <paramref name="actions"/> has one row per environment.</summary>
    public void CheckCanStep(ReadOnlySpan<float> actions)
    {
        if (!Ready)
        {
            throw new InvalidOperationException("Call Reset before Step (the vector environment was never reset, or an environment failed since the last reset).");
        }

        CheckActions(actions);
    }

    /// <summary>Throws unless <paramref name="actions"/> has one row per environment.</summary>
    public void CheckActions(ReadOnlySpan<float> actions)
    {
        if (actions.Length != _envs.Length * _actionSize)
        {
            throw new ArgumentException(
                $"The actions must have NumEnvs × ActionSpace.Size = {_envs.Length} × {_actionSize} = {_envs.Length * _actionSize} values, got {actions.Length}.",
                nameof(actions));
        }
    }

    /// <summary>Resets rows [<paramref name="start"/>, <paramref name="end"/>); env i gets seed + i when seeded.</summary>
    public void ResetRange(int start, int end, ulong? seed)
    {
        var data = Data;
        for (int i = start; i < end; i++)
        {
            try
            {
                _envs[i].Reset(data.Observation(i), seed is ulong s ? unchecked(s + (ulong)i) : null);
                _masks[i]?.WriteActionMask(MaskRow(i));
            }
            catch (Exception e)
            {
                throw VectorEnvException.Wrap(e, i, _envs.Length, StepCount, duringReset: true);
            }

            _returns[i] = 0;
            _lengths[i] = 0;
            data.Rewards[i] = 0;
            data.Terminated[i] = false;
            data.Truncated[i] = false;
            data.EpisodeReturns[i] = 0;
            data.EpisodeLengths[i] = 0;
        }
    }

    /// <summary>Steps rows [<paramref name="start"/>, <paramref name="end"/>) with their rows of <paramref name="actions"/>.</summary>
    public void StepRange(int start, int end, ReadOnlySpan<float> actions)
    {
        var data = Data;
        for (int i = start; i < end; i++)
        {
            var observation = data.Observation(i);
            try
            {
                var result = _envs[i].Step(actions.Slice(i * _actionSize, _actionSize), observation);
                _returns[i] += result.Reward;
                _lengths[i]++;
                data.Rewards[i] = (float)result.Reward;
                data.Terminated[i] = result.Terminated;
                data.Truncated[i] = result.Truncated;
                if (result.Done)
                {
                    observation.CopyTo(data.FinalObservation(i));
                    data.EpisodeReturns[i] = _returns[i];
                    data.EpisodeLengths[i] = _lengths[i];
                    _returns[i] = 0;
                    _lengths[i] = 0;
                    _envs[i].Reset(observation);
                }
                else
                {
                    data.EpisodeReturns[i] = 0;
                    data.EpisodeLengths[i] = 0;
                }

                _masks[i]?.WriteActionMask(MaskRow(i));
            }
            catch (Exception e)
            {
                throw VectorEnvException.Wrap(e, i, _envs.Length, StepCount, duringReset: false);
            }
        }
    }

    /// <summary>Disposes every environment, attempting all of them even if some throw.</summary>
    /// <summary>Whether every environment can be captured.</summary>
    public bool CanCaptureState => _envs.All(e => e is IStatefulEnv);

    /// <summary>A copy of the buffers the next step reads, the running accumulators and every environment's state.</summary>
    public VectorEnvState CaptureState()
    {
        var envs = new EnvState[_envs.Length];
        for (int i = 0; i < envs.Length; i++)
        {
            envs[i] = _envs[i] is IStatefulEnv stateful
                ? stateful.CaptureState()
                : throw new NotSupportedException($"Environment {i} ({_envs[i].GetType().Name}) does not implement IStatefulEnv, so its state cannot be saved.");
        }

        return new VectorEnvState(
            (float[])Data.Observations.Clone(),
            (bool[]?)Data.ActionMasks?.Clone(),
            (double[])_returns.Clone(),
            (int[])_lengths.Clone(),
            envs,
            new Dictionary<string, double[]>(StringComparer.Ordinal) { [StepCountKey] = [StepCount] });
    }

    /// <summary>
    /// Restores what <see cref="CaptureState"/> captured; validates every shape first. Not <see cref="Ready"/> while
    /// restoring, nor after a failed restore.
    /// </summary>
    public void RestoreState(VectorEnvState state)
    {
        Ready = false;
        ArgumentNullException.ThrowIfNull(state);
        int n = _envs.Length;
        if (state.Envs.Length != n || state.EpisodeReturns.Length != n || state.EpisodeLengths.Length != n
            || state.Observations.Length != Data.Observations.Length
            || (state.ActionMasks?.Length ?? 0) != (Data.ActionMasks?.Length ?? 0))
        {
            throw new ArgumentException(
                $"The saved vector environment state is for {state.Envs.Length} environments with {state.Observations.Length} observation values; " +
                $"this one has {n} environments with {Data.Observations.Length}.",
                nameof(state));
        }

        for (int i = 0; i < n; i++)
        {
            if (_envs[i] is not IStatefulEnv stateful)
            {
                throw new NotSupportedException($"Environment {i} ({_envs[i].GetType().Name}) does not implement IStatefulEnv, so its state cannot be restored.");
            }

            stateful.RestoreState(state.Envs[i]);
        }

        state.Observations.CopyTo(Data.Observations, 0);
        state.ActionMasks?.CopyTo(Data.ActionMasks!, 0);
        state.EpisodeReturns.CopyTo(_returns, 0);
        state.EpisodeLengths.CopyTo(_lengths, 0);
        StepCount = state.Statistics.TryGetValue(StepCountKey, out var steps) && steps.Length == 1 ? (long)steps[0] : 0;
        Ready = true;
    }

    public void DisposeEnvs()
    {
        List<Exception>? errors = null;
        foreach (var env in _envs)
        {
            try
            {
                env.Dispose();
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("Disposing the environments of a vector environment failed.", errors);
        }
    }

    private Span<bool> MaskRow(int i) => Data.ActionMasks.AsSpan(i * Data.ActionMaskSize, Data.ActionMaskSize);

    // A provider reporting size 0 (a wrapper around an environment without masks) provides none.
    private static IActionMaskProvider? MaskProvider(IEnv env)
    {
        if (env is not IActionMaskProvider provider)
        {
            return null;
        }

        int size = provider.ActionMaskSize;
        if (size < 0)
        {
            throw new ArgumentException($"{env.GetType().Name} reports a negative action mask size ({size}).");
        }

        return size == 0 ? null : provider;
    }

    private static void CheckSameSpace(Space expected, Space actual, int index, string kind)
    {
        if (actual.GetType() != expected.GetType() || actual.Size != expected.Size || actual.ToString() != expected.ToString())
        {
            throw new ArgumentException(
                $"Environment {index} has {kind} space {actual} but environment 0 has {expected}; all environments must share their spaces.");
        }
    }
}
