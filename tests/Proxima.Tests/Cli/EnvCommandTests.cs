using System.Text.Json;
using Proxima.Cli;
using Proxima.Cli.Commands;
using Proxima.Tests.Envs.ClassicControl;

namespace Proxima.Tests.Cli;

public sealed class EnvCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "proxima-env-cli-" + Guid.NewGuid().ToString("N"));

    public EnvCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void ListShowsEveryBuiltInEnvironmentWithLimitsAndThresholds()
    {
        var (code, output, error) = Run("env", "list");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0]);
        Assert.Contains("THRESHOLD", lines[0]);
        foreach (var (id, limit, threshold) in new[]
        {
            ("CartPole-v1", "500", "475"), ("CartPoleNoVel-v1", "500", "475"), ("Acrobot-v1", "500", "-100"),
            ("MountainCar-v0", "200", "-110"), ("MountainCarContinuous-v0", "999", "90"), ("Pendulum-v1", "200", "-"),
            ("PendulumNoVel-v1", "200", "-"),
        })
        {
            string row = Assert.Single(lines, l => l.StartsWith(id + " ", StringComparison.Ordinal));
            string[] cells = row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains(limit, cells);
            Assert.Contains(threshold, cells);
        }

        Assert.Contains("Discrete(2)", output);
        Assert.Contains("Box(-2, 2, [1])", output);
        Assert.Contains("g=10", output);
    }

    public static TheoryData<string, ulong> References() => GymnasiumConformanceTests.Cases();

    [Theory]
    [MemberData(nameof(References))]
    public void RolloutWithReferenceActionsReproducesTheReferenceFile(string envId, ulong seed)
    {
        string referencePath = ReferenceTrajectory.PathOf(envId, seed);
        string outPath = Path.Combine(_dir, $"{envId}_{seed}.json");
        var (code, output, error) = Run("env", "rollout", "--env", envId, "--seed", seed.ToString(), "--actions", referencePath, "--out", outPath);
        Assert.True(code == 0, error);
        Assert.Contains("Recorded 600 steps", output);

        string json = File.ReadAllText(outPath);
        var expected = ReferenceTrajectory.Load(envId, seed);
        var actual = ReferenceTrajectory.Parse(json);
        Assert.Equal(envId, actual.EnvId);
        Assert.Equal(seed, actual.Seed);
        using (var doc = JsonDocument.Parse(json))
        {
            Assert.StartsWith("proxima-", doc.RootElement.GetProperty("gymnasium_version").GetString());
            Assert.True(doc.RootElement.TryGetProperty("action_rng", out _));
        }

        GymnasiumConformanceTests.AssertObservation(expected.InitialObs, actual.InitialObs, "initial_obs");
        Assert.Equal(expected.Steps.Length, actual.Steps.Length);
        for (int t = 0; t < expected.Steps.Length; t++)
        {
            var e = expected.Steps[t];
            var a = actual.Steps[t];
            string where = $"{envId} seed {seed} t={t}";
            Assert.Equal(e.T, a.T);
            Assert.Equal(e.Action, a.Action);
            GymnasiumConformanceTests.AssertObservation(e.Obs, a.Obs, where);
            GymnasiumConformanceTests.AssertReward(e.Reward, a.Reward, where);
            Assert.Equal(e.Terminated, a.Terminated);
            Assert.Equal(e.Truncated, a.Truncated);
            Assert.Equal(e.ResetObs is null, a.ResetObs is null);
            if (e.ResetObs is not null)
            {
                GymnasiumConformanceTests.AssertObservation(e.ResetObs, a.ResetObs!, where + " reset_obs");
            }
        }
    }

    [Fact]
    public void RolloutWritesFloat32ObservationsAsShortestRoundTripDoubles()
    {
        // The text of every observation must equal the reference file's (Python writes repr(float(np.float32(x)))).
        string referencePath = ReferenceTrajectory.PathOf("CartPole-v1", 0);
        string outPath = Path.Combine(_dir, "cp.json");
        Assert.Equal(0, Run("env", "rollout", "--env", "CartPole-v1", "--seed", "0", "--actions", referencePath, "--out", outPath).Code);
        using var expected = JsonDocument.Parse(File.ReadAllText(referencePath));
        using var actual = JsonDocument.Parse(File.ReadAllText(outPath));
        var e = expected.RootElement.GetProperty("steps");
        var a = actual.RootElement.GetProperty("steps");
        for (int t = 0; t < e.GetArrayLength(); t++)
        {
            Assert.Equal(e[t].GetProperty("obs").GetRawText().Replace(" ", string.Empty), a[t].GetProperty("obs").GetRawText());
            Assert.Equal(e[t].GetProperty("reward").GetRawText(), a[t].GetProperty("reward").GetRawText());
        }
    }

    [Fact]
    public void RolloutAcceptsInlineActionsAndOptionsAndWritesToStandardOutput()
    {
        var (code, output, error) = Run("env", "rollout", "--env", "Pendulum-v1", "--seed", "3", "--actions", "[[0.5], [-2.0], [1]]", "--out", "-", "--option", "g=9.81");
        Assert.True(code == 0, error);
        var trajectory = ReferenceTrajectory.Parse(output);
        Assert.Equal(3, trajectory.Steps.Length);
        Assert.Equal([-2f], trajectory.Steps[1].Action);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("9.81", doc.RootElement.GetProperty("options").GetProperty("g").GetString());
    }

    [Theory]
    [InlineData("Cartpole-v1", "[0]", "Did you mean 'CartPole-v1'?")]
    [InlineData("CartPole-v1", "[0, 1", "not valid JSON")]
    [InlineData("CartPole-v1", "[0, 2]", "not in Discrete(2)")]
    [InlineData("CartPole-v1", "[0, [1]]", "must be an integer")]
    [InlineData("Pendulum-v1", "[[0.5], [3.0]]", "not in Box(-2, 2, [1])")]
    [InlineData("Pendulum-v1", "[[0.5, 1.0]]", "array of 1 number")]
    [InlineData("Pendulum-v1", "{\"actions\": []}", "\"steps\" array")]
    [InlineData("CartPole-v1", "no-such-file.json", "does not exist")]
    public void BadInputFailsWithAClearMessage(string envId, string actions, string expectedMessage)
    {
        string outPath = Path.Combine(_dir, "bad.json");
        var (code, _, error) = Run("env", "rollout", "--env", envId, "--actions", actions, "--out", outPath);
        Assert.NotEqual(0, code);
        Assert.Contains(expectedMessage, error);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void UnknownOptionAndMissingArgumentsFail()
    {
        var (code, _, error) = Run("env", "rollout", "--env", "Pendulum-v1", "--actions", "[]", "--out", "-", "--option", "gravity=3");
        Assert.NotEqual(0, code);
        Assert.Contains("Unknown option 'gravity'", error);

        var missing = Run("env", "rollout", "--env", "Pendulum-v1");
        Assert.NotEqual(0, missing.Code);
        Assert.Contains("--actions", missing.Err);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-07, "1.5e-07")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(-0.761762626871, "-0.761762626871")]
    [InlineData(0.013696168549358845, "0.013696168549358845")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(100.0, "100.0")]
    [InlineData(12.5, "12.5")]
    public void NumbersAreWrittenLikePythonRepr(double value, string expected) =>
        Assert.Equal(expected, EnvCommandJson.PythonRepr(value));
}
