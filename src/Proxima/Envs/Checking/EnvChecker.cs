using System.Globalization;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.Checking;

/// <summary>
/// Checks that an <see cref="IEnv"/> honours Proxima's environment contract, like Stable-Baselines3's
/// <c>check_env</c>: sane spaces, observations of the right size that are members of the observation space and free of
/// NaN/∞ (every entry written), finite rewards, working reset/step with random actions (valid ones only when the
/// environment provides action masks), episodes that end and are reset, determinism under a seed (the same seed and
/// actions reproduce observations, rewards and flags exactly) and buffer-length validation. The environment is reset and
/// stepped many times; check a fresh instance.
/// </summary>
public static class EnvChecker
{
    /// <summary>
    /// Runs the checks with <paramref name="steps"/> random steps (actions drawn from a generator seeded with
    /// <paramref name="seed"/>, which also seeds the first reset) and returns the findings; it never throws for a faulty
    /// environment (exceptions it raises become errors).
    /// </summary>
    public static EnvCheckReport Check(IEnv env, ulong seed = 0, int steps = 200)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var run = new CheckRun(env, seed, steps);
        run.Execute();
        return run.Report();
    }

    private sealed class CheckRun(IEnv env, ulong seed, int steps)
    {
        private readonly Findings _errors = new();
        private readonly Findings _warnings = new();
        private Space _obsSpace = null!;
        private Space _actionSpace = null!;
        private IActionMaskProvider? _masks;
        private int _stepsRun;
        private int _episodes;

        public void Execute()
        {
            if (!CheckSpaces())
            {
                return;
            }

            var trajectory = new List<Record>();
            var actions = new List<float[]>();
            if (!RandomRun(trajectory, actions))
            {
                return;
            }

            if (_episodes == 0)
            {
                _warnings.Add("no-end",
                    $"No episode ended within {steps} steps: make sure episodes terminate or add a time limit (TimeLimit, EnvSpec.MaxEpisodeSteps); " +
                    "PPO needs finished episodes for returns and statistics.");
            }

            CheckDeterminism(trajectory, actions);
            CheckSeedUsed();
            CheckBufferValidation();
        }

        public EnvCheckReport Report()
        {
            string name = env is Wrappers.EnvWrapper ? env.ToString() ?? env.GetType().Name : env.GetType().Name;
            return new EnvCheckReport(name, _errors.ToList(), _warnings.ToList(), _stepsRun, _episodes);
        }

        private bool CheckSpaces()
        {
            Space? obs, act;
            try
            {
                obs = env.ObservationSpace;
                act = env.ActionSpace;
            }
            catch (Exception e)
            {
                _errors.Add("spaces", $"Reading the spaces threw {e.GetType().Name}: {e.Message}");
                return false;
            }

            if (obs is null || act is null)
            {
                _errors.Add("spaces", $"{(obs is null ? "ObservationSpace" : "ActionSpace")} is null; both spaces must be set.");
                return false;
            }

            _obsSpace = obs;
            _actionSpace = act;
            if (obs.Size < 1 || act.Size < 1)
            {
                _errors.Add("spaces", $"Spaces must have at least one value: observation {obs} has size {obs.Size}, action {act} has size {act.Size}.");
                return false;
            }

            if (obs is Box ob)
            {
                for (int i = 0; i < ob.Size; i++)
                {
                    if (ob.Low[i] == ob.High[i])
                    {
                        _warnings.Add("obs-constant", $"Observation entry {i} has low == high ({F(ob.Low[i])}): it carries no information.");
                    }
                }
            }

            if (act is Box ab)
            {
                if (!ab.IsBounded)
                {
                    _errors.Add("action-unbounded", $"The continuous action space {ab} must have finite lower and upper bounds (policies are squashed or clipped into them).");
                }
                else
                {
                    bool normalized = true;
                    for (int i = 0; i < ab.Size; i++)
                    {
                        normalized &= ab.Low[i] == -ab.High[i] && ab.High[i] == 1f;
                    }

                    if (!normalized)
                    {
                        _warnings.Add("action-scale",
                            $"The action space {FormatBox(ab)} is not the symmetric box [-1, 1]; consider RescaleAction so a Gaussian policy starts well scaled.");
                    }
                }
            }

            if (env is IActionMaskProvider provider)
            {
                int size;
                try
                {
                    size = provider.ActionMaskSize;
                }
                catch (Exception e)
                {
                    _errors.Add("mask", $"ActionMaskSize threw {e.GetType().Name}: {e.Message}");
                    return false;
                }

                int expected = act switch
                {
                    Discrete d => d.N,
                    MultiDiscrete m => m.Nvec.ToArray().Sum(),
                    _ => -1,
                };
                if (size < 0)
                {
                    _errors.Add("mask", $"ActionMaskSize is negative ({size}).");
                }
                else if (size > 0 && expected < 0)
                {
                    _errors.Add("mask", $"Action masks need a Discrete or MultiDiscrete action space, got {act}.");
                }
                else if (size > 0 && size != expected)
                {
                    _errors.Add("mask", $"ActionMaskSize is {size} but the action space {act} has {expected} choices.");
                }
                else if (size > 0)
                {
                    _masks = provider;
                }
            }

            return _errors.Count == 0;
        }

        private bool RandomRun(List<Record> trajectory, List<float[]> actions)
        {
            var rng = new Pcg64(seed);
            var obs = new float[_obsSpace.Size];
            var mask = _masks is null ? null : new bool[_masks.ActionMaskSize];
            if (!SafeReset(obs, seed, "the first Reset(seed)"))
            {
                return false;
            }

            CheckObservation(obs, "after Reset");
            trajectory.Add(new Record((float[])obs.Clone(), 0, false, false, Reset: true));
            for (int t = 0; t < steps; t++)
            {
                var action = new float[_actionSpace.Size];
                if (!SampleAction(rng, action, mask, t))
                {
                    return false;
                }

                actions.Add(action);
                obs.AsSpan().Fill(float.NaN);
                StepResult result;
                try
                {
                    result = env.Step(action, obs);
                    _ = env.Info;
                }
                catch (Exception e)
                {
                    _errors.Add("step-throw", $"Step {t} (action {FormatValues(action)}) threw {e.GetType().Name}: {e.Message}");
                    return false;
                }

                _stepsRun++;
                CheckObservation(obs, $"after step {t}");
                if (!double.IsFinite(result.Reward))
                {
                    _errors.Add("reward", $"Step {t} returned a non-finite reward ({result.Reward.ToString(CultureInfo.InvariantCulture)}).");
                }

                trajectory.Add(new Record((float[])obs.Clone(), result.Reward, result.Terminated, result.Truncated, Reset: false));
                if (result.Done)
                {
                    _episodes++;
                    if (!SafeReset(obs, null, $"the Reset after the episode ending at step {t}"))
                    {
                        return false;
                    }

                    CheckObservation(obs, $"after the Reset following step {t}");
                    trajectory.Add(new Record((float[])obs.Clone(), 0, false, false, Reset: true));
                }
            }

            return true;
        }

        private bool SampleAction(Pcg64 rng, float[] action, bool[]? mask, int t)
        {
            _actionSpace.Sample(rng, action);
            if (_masks is null || mask is null)
            {
                return true;
            }

            try
            {
                _masks.WriteActionMask(mask);
            }
            catch (Exception e)
            {
                _errors.Add("mask", $"WriteActionMask threw {e.GetType().Name} before step {t}: {e.Message}");
                return false;
            }

            int valid = mask.Count(m => m);
            if (valid == 0)
            {
                _errors.Add("mask-empty", $"The action mask before step {t} allows no action; at least one action must be valid in every state.");
                return false;
            }

            if (_actionSpace is Discrete d)
            {
                int pick = rng.NextInt(valid);
                for (int k = 0; k < mask.Length; k++)
                {
                    if (mask[k] && pick-- == 0)
                    {
                        action[0] = d.Start + k;
                        break;
                    }
                }
            }

            return true;
        }

        private bool SafeReset(float[] obs, ulong? resetSeed, string what)
        {
            obs.AsSpan().Fill(float.NaN);
            try
            {
                env.Reset(obs, resetSeed);
                _ = env.Info;
                return true;
            }
            catch (Exception e)
            {
                _errors.Add("reset-throw", $"{char.ToUpperInvariant(what[0])}{what[1..]} threw {e.GetType().Name}: {e.Message}");
                return false;
            }
        }

        private void CheckObservation(float[] obs, string when)
        {
            for (int j = 0; j < obs.Length; j++)
            {
                if (float.IsNaN(obs[j]))
                {
                    _errors.Add("obs-nan", $"Observation entry {j} is NaN {when}: the environment produced NaN or did not write that entry (the buffer was filled with NaN first).");
                    return;
                }

                if (float.IsInfinity(obs[j]))
                {
                    _errors.Add("obs-inf", $"Observation entry {j} is {F(obs[j])} {when}.");
                    return;
                }
            }

            if (!_obsSpace.Contains(obs))
            {
                string detail = string.Empty;
                if (_obsSpace is Box box)
                {
                    for (int j = 0; j < obs.Length; j++)
                    {
                        if (obs[j] < box.Low[j] || obs[j] > box.High[j])
                        {
                            detail = $": entry {j} = {F(obs[j])} is outside [{F(box.Low[j])}, {F(box.High[j])}]";
                            break;
                        }
                    }
                }

                _errors.Add("obs-space", $"The observation {when} is not in the observation space {_obsSpace}{detail}.");
            }
        }

        private void CheckDeterminism(List<Record> expected, List<float[]> actions)
        {
            var obs = new float[_obsSpace.Size];
            int index = 0;
            if (!SafeReset(obs, seed, "the second Reset(seed) (determinism check)"))
            {
                return;
            }

            if (!Same(expected[index++], obs, 0, false, false, "the first observation after Reset(seed)"))
            {
                return;
            }

            for (int t = 0; t < actions.Count; t++)
            {
                StepResult r;
                try
                {
                    r = env.Step(actions[t], obs);
                }
                catch (Exception e)
                {
                    _errors.Add("determinism", $"Replaying the same actions after Reset({seed}) threw {e.GetType().Name} at step {t}: {e.Message}");
                    return;
                }

                if (!Same(expected[index++], obs, r.Reward, r.Terminated, r.Truncated, $"step {t}"))
                {
                    return;
                }

                if (r.Done)
                {
                    if (!SafeReset(obs, null, "a reset during the determinism check")
                        || !Same(expected[index++], obs, 0, false, false, $"the reset after step {t}"))
                    {
                        return;
                    }
                }
            }
        }

        private bool Same(Record expected, float[] obs, double reward, bool terminated, bool truncated, string what)
        {
            string? difference = null;
            for (int j = 0; j < obs.Length && difference is null; j++)
            {
                if (BitConverter.SingleToInt32Bits(obs[j]) != BitConverter.SingleToInt32Bits(expected.Observation[j]))
                {
                    difference = $"observation entry {j} was {F(expected.Observation[j])} then {F(obs[j])}";
                }
            }

            if (difference is null && !expected.Reset)
            {
                if (BitConverter.DoubleToInt64Bits(reward) != BitConverter.DoubleToInt64Bits(expected.Reward))
                {
                    difference = $"the reward was {expected.Reward.ToString("R", CultureInfo.InvariantCulture)} then {reward.ToString("R", CultureInfo.InvariantCulture)}";
                }
                else if (terminated != expected.Terminated || truncated != expected.Truncated)
                {
                    difference = $"(terminated, truncated) was ({expected.Terminated}, {expected.Truncated}) then ({terminated}, {truncated})";
                }
            }

            if (difference is null)
            {
                return true;
            }

            _errors.Add("determinism",
                $"Not deterministic under a seed: after Reset({seed}) and the same actions, {what} differed ({difference}). " +
                "Draw all randomness from a generator re-created from the reset seed.");
            return false;
        }

        private void CheckSeedUsed()
        {
            var a = new float[_obsSpace.Size];
            var b = new float[_obsSpace.Size];
            if (!SafeReset(a, seed, "Reset(seed)") || !SafeReset(b, unchecked(seed + 1), "Reset(seed + 1)"))
            {
                return;
            }

            if (a.AsSpan().SequenceEqual(b))
            {
                _warnings.Add("seed-ignored",
                    $"Reset({seed}) and Reset({unchecked(seed + 1)}) gave the same first observation: the seed may be ignored (fine if the start state is fixed).");
            }
        }

        private void CheckBufferValidation()
        {
            var wrong = new float[_obsSpace.Size + 1];
            if (!ThrowsArgumentException(() => env.Reset(wrong, seed)))
            {
                _warnings.Add("buffer",
                    $"Reset accepted an observation buffer of {wrong.Length} entries for an observation of size {_obsSpace.Size}; validate buffer lengths (ArgumentException) to catch wiring mistakes.");
            }

            var obs = new float[_obsSpace.Size];
            if (SafeReset(obs, seed, "Reset(seed) before the buffer check"))
            {
                var action = new float[_actionSpace.Size];
                _actionSpace.Sample(new Pcg64(seed), action);
                if (!ThrowsArgumentException(() => env.Step(action, wrong)))
                {
                    _warnings.Add("buffer",
                        $"Step accepted an observation buffer of {wrong.Length} entries for an observation of size {_obsSpace.Size}; validate buffer lengths (ArgumentException).");
                }
            }
        }

        private static bool ThrowsArgumentException(Action action)
        {
            try
            {
                action();
                return false;
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static string F(float v) => v.ToString("G9", CultureInfo.InvariantCulture);

        private static string FormatValues(float[] values) => "[" + string.Join(", ", values.Select(F)) + "]";

        private static string FormatBox(Box box) => $"Box({FormatValues(box.Low.ToArray())}, {FormatValues(box.High.ToArray())})";
    }

    private sealed record Record(float[] Observation, double Reward, bool Terminated, bool Truncated, bool Reset);

    /// <summary>Messages by kind: the first message of each kind, plus how many more occurred.</summary>
    private sealed class Findings
    {
        private readonly List<(string Kind, string Message)> _first = [];
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public int Count => _first.Count;

        public void Add(string kind, string message)
        {
            if (_counts.TryGetValue(kind, out int n))
            {
                _counts[kind] = n + 1;
                return;
            }

            _counts[kind] = 1;
            _first.Add((kind, message));
        }

        public List<string> ToList() =>
            _first.Select(f => _counts[f.Kind] > 1 ? $"{f.Message} ({_counts[f.Kind] - 1} more like this)" : f.Message).ToList();
    }
}
