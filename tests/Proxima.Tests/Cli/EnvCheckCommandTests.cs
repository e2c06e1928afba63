using Proxima.Cli;
using Proxima.Envs.Registry;
using Proxima.Tests.Envs.Checking;

namespace Proxima.Tests.Cli;

[Collection(RegistryCollection.Name)]
public sealed class EnvCheckCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void ValidEnvironmentExitsZeroAndPrintsTheReport()
    {
        var (code, output, error) = Run("env", "check", "Pendulum-v1", "--steps", "250", "--seed", "4");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("Pendulum-v1: OK: TimeLimit(PendulumEnv) (250 steps, 1 episodes; 0 error(s), 1 warning(s))", output);
        Assert.Contains("warning: The action space Box([-2], [2])", output);
    }

    [Fact]
    public void ErrorsExitOne()
    {
        const string id = "ProximaCheckerNaN-v0";
        EnvRegistry.Register(new EnvSpec(id, _ => new FaultyEnv(Fault.NanObservation), 50, null, null, "checker test"), overwrite: true);
        var (code, output, _) = Run("env", "check", id);
        Assert.Equal(1, code);
        Assert.Contains("FAILED", output);
        Assert.Contains("error: Observation entry 1 is NaN after step 2", output);
    }

    [Fact]
    public void UnknownIdAndBadStepsExitOne()
    {
        var (code, _, error) = Run("env", "check", "CartPol-v1");
        Assert.Equal(1, code);
        Assert.Contains("Did you mean 'CartPole-v1'?", error);
        (code, _, error) = Run("env", "check", "CartPole-v1", "--steps", "0");
        Assert.Equal(1, code);
        Assert.Contains("--steps must be at least 1", error);
    }
}
