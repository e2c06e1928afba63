using Proxima.Envs;
using Proxima.Envs.ClassicControl;
using Proxima.Envs.Registry;
using Proxima.Envs.Spaces;
using Proxima.Envs.Wrappers;
using Proxima.Random;

namespace Proxima.Tests.Envs;

[Collection(Proxima.Tests.Cli.RegistryCollection.Name)]
public class RegistryTests
{
    [Theory]
    [InlineData("CartPole-v1", 500, 475.0)]
    [InlineData("CartPoleNoVel-v1", 500, 475.0)]
    [InlineData("Acrobot-v1", 500, -100.0)]
    [InlineData("MountainCar-v0", 200, -110.0)]
    [InlineData("MountainCarContinuous-v0", 999, 90.0)]
    [InlineData("Pendulum-v1", 200, null)]
    [InlineData("PendulumNoVel-v1", 200, null)]
    public void BuiltInSpecsCarryGymnasiumsLimitsAndThresholds(string id, int limit, double? threshold)
    {
        Assert.Contains(id, EnvRegistry.Ids);
        var spec = EnvRegistry.Spec(id);
        Assert.Equal(limit, spec.MaxEpisodeSteps);
        Assert.Equal(threshold, spec.RewardThreshold);
        Assert.False(string.IsNullOrWhiteSpace(spec.Description));
        using var env = EnvRegistry.Make(id);
        var timeLimit = Assert.IsType<TimeLimit>(env);
        Assert.Equal(limit, timeLimit.MaxEpisodeSteps);
    }

    [Fact]
    public void MadeEnvironmentTruncatesAtTheLimit()
    {
        using var env = EnvRegistry.Make("Pendulum-v1");
        var obs = new float[3];
        env.Reset(obs, 0);
        for (int t = 1; t <= 200; t++)
        {
            var r = env.Step([0f], obs);
            Assert.Equal(t == 200, r.Truncated);
            Assert.False(r.Terminated);
        }
    }

    [Fact]
    public void NoVelVariantsKeepOnlyPositions()
    {
        using var noVel = EnvRegistry.Make("CartPoleNoVel-v1");
        using var full = EnvRegistry.Make("CartPole-v1");
        var a = new float[2];
        var b = new float[4];
        Assert.Equal(2, noVel.ObservationSpace.Size);
        noVel.Reset(a, 3);
        full.Reset(b, 3);
        Assert.Equal([b[0], b[2]], a);
        noVel.Step([1f], a);
        full.Step([1f], b);
        Assert.Equal([b[0], b[2]], a);

        using var pendulum = EnvRegistry.Make("PendulumNoVel-v1");
        using var pendulumFull = EnvRegistry.Make("Pendulum-v1");
        var p = new float[2];
        var q = new float[3];
        pendulum.Reset(p, 4);
        pendulumFull.Reset(q, 4);
        Assert.Equal([q[0], q[1]], p);
        Assert.Equal("Box(-1, 1, [2])", pendulum.ObservationSpace.ToString());
    }

    [Fact]
    public void UnknownIdNamesTheClosestMatchAndKnownIds()
    {
        var ex = Assert.Throws<ArgumentException>(() => EnvRegistry.Make("Cartpole-v2"));
        Assert.Contains("'Cartpole-v2'", ex.Message);
        Assert.Contains("Did you mean 'CartPole-v1'?", ex.Message);
        Assert.Contains("Acrobot-v1", ex.Message);
        Assert.Contains("MountainCarContinuous-v0", ex.Message);
        Assert.Equal("Pendulum-v1", EnvRegistry.ClosestId("pendulum"));
    }

    [Fact]
    public void OptionsAreValidatedAgainstTheSpec()
    {
        var unknown = Assert.Throws<ArgumentException>(() => EnvRegistry.Make("Pendulum-v1", new Dictionary<string, object> { ["gravity"] = 9.81 }));
        Assert.Contains("'gravity'", unknown.Message);
        Assert.Contains("g, max_episode_steps", unknown.Message);

        var none = Assert.Throws<ArgumentException>(() => EnvRegistry.Make("Acrobot-v1", new Dictionary<string, object> { ["g"] = 1.0 }));
        Assert.Contains("'g'", none.Message);
        Assert.Contains("Accepted options: max_episode_steps", none.Message);

        var badType = Assert.Throws<ArgumentException>(() => EnvRegistry.Make("Pendulum-v1", new Dictionary<string, object> { ["g"] = "heavy" }));
        Assert.Contains("'g'", badType.Message);
        Assert.Contains("number", badType.Message);

        // Strings (as from a command line) are parsed with the invariant culture.
        using var fromString = EnvRegistry.Make("Pendulum-v1", new Dictionary<string, object> { ["g"] = "9.81" });
        Assert.Equal(9.81, ((PendulumEnv)((TimeLimit)fromString).Inner).G);

        using var sutton = EnvRegistry.Make("CartPole-v1", new Dictionary<string, object> { ["sutton_barto_reward"] = true });
        sutton.Reset(new float[4], 0);
        Assert.Equal(0.0, sutton.Step([0f], new float[4]).Reward);
    }

    [Fact]
    public void MaxEpisodeStepsOptionOverridesTheLimit()
    {
        using var env = EnvRegistry.Make("CartPole-v1", new Dictionary<string, object> { [EnvRegistry.MaxEpisodeStepsOption] = 3 });
        Assert.Equal(3, Assert.IsType<TimeLimit>(env).MaxEpisodeSteps);
        Assert.Throws<ArgumentException>(() => EnvRegistry.Make("CartPole-v1", new Dictionary<string, object> { [EnvRegistry.MaxEpisodeStepsOption] = 0 }));
        Assert.Throws<ArgumentException>(() => EnvRegistry.Make("CartPole-v1", new Dictionary<string, object> { [EnvRegistry.MaxEpisodeStepsOption] = 2.5 }));
    }

    [Fact]
    public void UserEnvironmentsCanBeRegisteredWithDefaultOptions()
    {
        string id = "TestCounter-v" + Guid.NewGuid().ToString("N");
        var spec = new EnvSpec(
            id,
            o => new CounterEnv(EnvOptions.GetInt(o, "start")),
            MaxEpisodeSteps: 2,
            RewardThreshold: 1.0,
            DefaultOptions: new Dictionary<string, object> { ["start"] = 5 },
            Description: "counts steps");
        EnvRegistry.Register(spec);
        Assert.Same(spec, EnvRegistry.Spec(id));
        Assert.Equal(id, EnvRegistry.Ids[^1]);

        using var env = EnvRegistry.Make(id);
        var obs = new float[1];
        env.Reset(obs);
        Assert.Equal(5f, obs[0]);
        Assert.False(env.Step([0f], obs).Truncated);
        Assert.True(env.Step([0f], obs).Truncated);

        using var custom = EnvRegistry.Make(id, new Dictionary<string, object> { ["start"] = 9 });
        custom.Reset(obs);
        Assert.Equal(9f, obs[0]);

        var duplicate = Assert.Throws<ArgumentException>(() => EnvRegistry.Register(spec));
        Assert.Contains("already registered", duplicate.Message);
        var replacement = spec with { MaxEpisodeSteps = 7 };
        EnvRegistry.Register(replacement, overwrite: true);
        Assert.Equal(7, EnvRegistry.Spec(id).MaxEpisodeSteps);
    }

    [Fact]
    public void InvalidSpecsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => EnvRegistry.Register(new EnvSpec(" ", _ => new CounterEnv(0), null, null, null, "")));
        Assert.Throws<ArgumentException>(() => EnvRegistry.Register(new EnvSpec("Bad-v0", _ => new CounterEnv(0), 0, null, null, "")));
        Assert.Throws<ArgumentException>(() => EnvRegistry.Register(new EnvSpec(
            "Bad-v1", _ => new CounterEnv(0), null, null, new Dictionary<string, object> { [EnvRegistry.MaxEpisodeStepsOption] = 1 }, "")));
        Assert.False(EnvRegistry.IsRegistered("Bad-v0"));
    }

    private sealed class CounterEnv(int start) : IEnv
    {
        private float _value;

        public Space ObservationSpace { get; } = new Box(float.NegativeInfinity, float.PositiveInfinity, 1);

        public Space ActionSpace { get; } = new Discrete(1);

        public void Reset(Span<float> observation, ulong? seed = null) => observation[0] = _value = start;

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            observation[0] = ++_value;
            return new StepResult(1.0, false, false);
        }

        public void Dispose()
        {
        }
    }
}
