using Proxima.Envs.ClassicControl;
using Proxima.Envs.Control;
using Proxima.Envs.Memory;
using Proxima.Envs.Wrappers;

namespace Proxima.Envs.Registry;

/// <summary>
/// Environments by id (Gymnasium's <c>gymnasium.make</c> / <c>register</c>). The classic-control tasks are built in:
/// <c>CartPole-v1</c>, <c>CartPoleNoVel-v1</c>, <c>Acrobot-v1</c>, <c>MountainCar-v0</c>, <c>MountainCarContinuous-v0</c>,
/// <c>Pendulum-v1</c> and <c>PendulumNoVel-v1</c>, plus the memory task <c>RememberCue-v0</c> (option
/// <c>corridor_length</c>) and the Dict-observation arm <c>PlanarArmReach-v0</c>. Thread-safe.
/// <para>
/// Options: each spec lists the keys it accepts in <see cref="EnvSpec.DefaultOptions"/> (Gymnasium's constructor
/// arguments: <c>sutton_barto_reward</c> for CartPole, <c>goal_velocity</c> for the mountain cars, <c>g</c> for
/// Pendulum; Acrobot takes none). Every environment also accepts <see cref="MaxEpisodeStepsOption"/>, which overrides
/// the spec's time limit as Gymnasium's <c>make(..., max_episode_steps=N)</c> does.
/// </para>
/// </summary>
public static class EnvRegistry
{
    /// <summary>Option accepted by every environment: a positive step limit replacing the spec's.</summary>
    public const string MaxEpisodeStepsOption = "max_episode_steps";

    private static readonly object Gate = new();
    private static readonly List<EnvSpec> Ordered = [];
    private static readonly Dictionary<string, EnvSpec> ById = new(StringComparer.Ordinal);

    static EnvRegistry()
    {
        foreach (var spec in BuiltIn())
        {
            Register(spec);
        }
    }

    /// <summary>Registered ids in registration order (built-ins first).</summary>
    public static IReadOnlyList<string> Ids
    {
        get
        {
            lock (Gate)
            {
                return Ordered.Select(s => s.Id).ToArray();
            }
        }
    }

    /// <summary>Registered specs in registration order.</summary>
    public static IReadOnlyList<EnvSpec> Specs
    {
        get
        {
            lock (Gate)
            {
                return Ordered.ToArray();
            }
        }
    }

    /// <summary>The spec registered as <paramref name="id"/>; throws (listing known ids) when there is none.</summary>
    public static EnvSpec Spec(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (Gate)
        {
            if (ById.TryGetValue(id, out var spec))
            {
                return spec;
            }
        }

        throw new ArgumentException(UnknownIdMessage(id), nameof(id));
    }

    /// <summary>Whether <paramref name="id"/> is registered.</summary>
    public static bool IsRegistered(string id)
    {
        lock (Gate)
        {
            return ById.ContainsKey(id);
        }
    }

    /// <summary>
    /// Registers an environment. An id that is already registered is rejected unless <paramref name="overwrite"/> is
    /// true, in which case the new spec replaces the old one (keeping its place in <see cref="Ids"/>).
    /// </summary>
    public static void Register(EnvSpec spec, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Id))
        {
            throw new ArgumentException("An environment id must be a non-empty name such as 'MyTask-v0'.", nameof(spec));
        }

        ArgumentNullException.ThrowIfNull(spec.Factory, nameof(spec.Factory));
        if (spec.MaxEpisodeSteps is < 1)
        {
            throw new ArgumentException($"MaxEpisodeSteps of '{spec.Id}' must be at least 1 or null (no limit), got {spec.MaxEpisodeSteps}.", nameof(spec));
        }

        if (spec.DefaultOptions?.ContainsKey(MaxEpisodeStepsOption) == true)
        {
            throw new ArgumentException($"'{MaxEpisodeStepsOption}' is reserved for the registry's time limit; set EnvSpec.MaxEpisodeSteps instead.", nameof(spec));
        }

        lock (Gate)
        {
            if (ById.ContainsKey(spec.Id))
            {
                if (!overwrite)
                {
                    throw new ArgumentException($"An environment with id '{spec.Id}' is already registered; choose another id or pass overwrite: true.", nameof(spec));
                }

                Ordered[Ordered.FindIndex(s => s.Id == spec.Id)] = spec;
            }
            else
            {
                Ordered.Add(spec);
            }

            ById[spec.Id] = spec;
        }
    }

    /// <summary>
    /// Builds environment <paramref name="id"/> with <paramref name="options"/> (merged over the spec's defaults) and
    /// wraps it in a <see cref="TimeLimit"/> when the spec (or <see cref="MaxEpisodeStepsOption"/>) sets a limit.
    /// </summary>
    public static IEnv Make(string id, IReadOnlyDictionary<string, object>? options = null)
    {
        var spec = Spec(id);
        var effective = new Dictionary<string, object>(StringComparer.Ordinal);
        if (spec.DefaultOptions is not null)
        {
            foreach (var (key, value) in spec.DefaultOptions)
            {
                effective[key] = value;
            }
        }

        int? limit = spec.MaxEpisodeSteps;
        if (options is not null)
        {
            foreach (var (key, value) in options)
            {
                if (key == MaxEpisodeStepsOption)
                {
                    limit = EnvOptions.GetInt(options, key);
                    if (limit < 1)
                    {
                        throw new ArgumentException($"Option '{MaxEpisodeStepsOption}' of {id} must be at least 1, got {limit}.", nameof(options));
                    }

                    continue;
                }

                if (!effective.ContainsKey(key) || spec.DefaultOptions is null)
                {
                    throw new ArgumentException(UnknownOptionMessage(spec, key), nameof(options));
                }

                effective[key] = value ?? throw new ArgumentException($"Option '{key}' of {id} cannot be null.", nameof(options));
            }
        }

        var env = spec.Factory(effective) ?? throw new InvalidOperationException($"The factory of '{id}' returned null.");
        return limit is int max ? new TimeLimit(env, max) : env;
    }

    /// <summary>The registered id closest to <paramref name="id"/> (case-insensitive edit distance), or null if none is registered.</summary>
    public static string? ClosestId(string id)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in Ids)
        {
            int d = EditDistance(id.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return best;
    }

    private static string UnknownIdMessage(string id)
    {
        string? closest = ClosestId(id);
        string hint = closest is null ? string.Empty : $" Did you mean '{closest}'?";
        return $"Unknown environment id '{id}'.{hint} Known ids: {string.Join(", ", Ids)}. Register new environments with EnvRegistry.Register.";
    }

    private static string UnknownOptionMessage(EnvSpec spec, string key)
    {
        var accepted = (spec.DefaultOptions?.Keys ?? []).Append(MaxEpisodeStepsOption);
        return $"Unknown option '{key}' for {spec.Id}. Accepted options: {string.Join(", ", accepted)}.";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static IEnumerable<EnvSpec> BuiltIn()
    {
        var cartPoleOptions = new Dictionary<string, object> { ["sutton_barto_reward"] = false };
        var mountainCarOptions = new Dictionary<string, object> { ["goal_velocity"] = 0.0 };
        var pendulumOptions = new Dictionary<string, object> { ["g"] = PendulumEnv.DefaultGravity };

        yield return new EnvSpec(
            "CartPole-v1",
            o => new CartPoleEnv(EnvOptions.GetBool(o, "sutton_barto_reward")),
            500,
            475.0,
            cartPoleOptions,
            "Balance a pole on a cart by pushing it left or right (Gymnasium CartPole-v1).");
        yield return new EnvSpec(
            "CartPoleNoVel-v1",
            o => new ObservationFilter(new CartPoleEnv(EnvOptions.GetBool(o, "sutton_barto_reward")), 0, 2),
            500,
            475.0,
            cartPoleOptions,
            "CartPole-v1 observing only [x, theta]: velocities removed (partially observable).");
        yield return new EnvSpec(
            "Acrobot-v1",
            _ => new AcrobotEnv(),
            500,
            -100.0,
            null,
            "Swing the tip of a two-link pendulum above a bar with the middle joint's torque (Gymnasium Acrobot-v1).");
        yield return new EnvSpec(
            "MountainCar-v0",
            o => new MountainCarEnv(EnvOptions.GetDouble(o, "goal_velocity")),
            200,
            -110.0,
            mountainCarOptions,
            "Drive an underpowered car up a hill with three discrete accelerations (Gymnasium MountainCar-v0).");
        yield return new EnvSpec(
            "MountainCarContinuous-v0",
            o => new ContinuousMountainCarEnv(EnvOptions.GetDouble(o, "goal_velocity")),
            999,
            90.0,
            mountainCarOptions,
            "Mountain car with a continuous force in [-1, 1] and an energy penalty (Gymnasium MountainCarContinuous-v0).");
        yield return new EnvSpec(
            "Pendulum-v1",
            o => new PendulumEnv(EnvOptions.GetDouble(o, "g")),
            200,
            null,
            pendulumOptions,
            "Swing up and hold an inverted pendulum with a torque in [-2, 2] (Gymnasium Pendulum-v1).");
        yield return new EnvSpec(
            "PendulumNoVel-v1",
            o => new ObservationFilter(new PendulumEnv(EnvOptions.GetDouble(o, "g")), 0, 1),
            200,
            null,
            pendulumOptions,
            "Pendulum-v1 observing only [cos theta, sin theta]: velocity removed (partially observable).");
        yield return new EnvSpec(
            "RememberCue-v0",
            o => new RememberCueEnv(EnvOptions.GetInt(o, "corridor_length")),
            1000,
            0.9,
            new Dictionary<string, object> { ["corridor_length"] = 5 },
            "T-maze memory task: a cue at the first step, a blank corridor, then turn to the cued side (+1) or not (-1).");
        yield return new EnvSpec(
            "PlanarArmReach-v0",
            _ => new PlanarArmReachEnv(),
            100,
            -20.0,
            null,
            "Two-link planar arm reaching a commanded target; Dict observation (proprio, command, sensor), 2 torques.");
    }
}
