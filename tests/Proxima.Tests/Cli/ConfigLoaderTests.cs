using Proxima.Cli.Config;
using Proxima.Distributions;
using Proxima.Nn;
using Proxima.Training;

namespace Proxima.Tests.Cli;

public class ConfigLoaderTests
{
    [Fact]
    public void ReadsAZooEntryVerbatim()
    {
        // rl-baselines3-zoo's MountainCarContinuous-v0 entry, as published.
        const string yaml = """
            MountainCarContinuous-v0:
              normalize: true
              n_envs: 1
              n_timesteps: !!float 20000
              policy: 'MlpPolicy'
              batch_size: 256
              n_steps: 8
              gamma: 0.9999
              learning_rate: !!float 7.77e-05
              ent_coef: 0.00429
              clip_range: 0.1
              n_epochs: 10
              gae_lambda: 0.9
              max_grad_norm: 5
              vf_coef: 0.19
              use_sde: True
              policy_kwargs: "dict(log_std_init=-3.29, ortho_init=False)"
            """;
        var run = ConfigLoader.Build(ConfigLoader.ParseYaml(yaml, "test"));
        Assert.Equal("MountainCarContinuous-v0", run.EnvId);
        Assert.Equal(20_000, run.TotalTimesteps);
        Assert.True(run.Ppo.NormalizeObservation);
        Assert.True(run.Ppo.NormalizeReward);
        Assert.Equal(256, run.Ppo.BatchSize);
        Assert.Equal(7.77e-05, run.Ppo.LearningRate.ValueAt(0.5), 12);
        Assert.Equal(ContinuousDistribution.Gsde, run.Ppo.Policy.Continuous);
        Assert.Equal(-3.29, run.Ppo.Policy.LogStdInit, 12);
        Assert.False(run.Ppo.Policy.OrthoInit);
    }

    [Fact]
    public void EveryBuiltInConfigIsValid()
    {
        Assert.Contains("CartPole-v1", ConfigLoader.BuiltInConfigs);
        foreach (var id in ConfigLoader.BuiltInConfigs)
        {
            var run = ConfigLoader.Build(ConfigLoader.ParseYaml(ConfigLoader.BuiltInConfigText(id)!, id));
            Assert.Equal(id, run.EnvId);
        }
    }

    [Fact]
    public void SchedulesNetArchAndOverrides()
    {
        var settings = ConfigLoader.ParseYaml("""
            env_id: CartPole-v1
            learning_rate: lin_0.001
            policy:
              pi_layers: [32, 32]
              activation: relu
            """, "test");
        ConfigLoader.ApplyOverride(settings, "policy.vf_layers=[128]");
        ConfigLoader.ApplyOverride(settings, "n_envs=3");
        var run = ConfigLoader.Build(settings);
        Assert.Equal(0.001, run.Ppo.LearningRate.ValueAt(0), 12);
        Assert.Equal(0.0005, run.Ppo.LearningRate.ValueAt(0.5), 12);
        Assert.Equal([32, 32], run.Ppo.Policy.PiLayers);
        Assert.Equal([128], run.Ppo.Policy.VfLayers);
        Assert.Equal(Activation.ReLU, run.Ppo.Policy.Activation);
        Assert.Equal(3, run.Ppo.NumEnvs);

        var zoo = ConfigLoader.Build(new Dictionary<string, object?>
        {
            ["env_id"] = "CartPole-v1",
            ["policy_kwargs"] = "dict(net_arch=dict(pi=[256, 256], vf=[64]), activation_fn=nn.SiLU)",
        });
        Assert.Equal([256, 256], zoo.Ppo.Policy.PiLayers);
        Assert.Equal([64], zoo.Ppo.Policy.VfLayers);
        Assert.Equal(Activation.Silu, zoo.Ppo.Policy.Activation);
    }

    [Fact]
    public void UnknownKeysAndBadValuesAreReportedTogetherByName()
    {
        var settings = ConfigLoader.ParseYaml("""
            env_id: CartPole-v1
            n_step: 32
            gamma: 2
            batch_size: many
            policy:
              pi_layer: [1]
            """, "test");
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Build(settings));
        Assert.Contains("Unknown key 'n_step' (did you mean 'n_steps'?)", ex.Message);
        Assert.Contains("gamma = 2 is invalid", ex.Message);
        Assert.Contains("batch_size must be a number, got 'many'", ex.Message);
        Assert.Contains("policy.pi_layer", ex.Message);
    }

    [Fact]
    public void MalformedInputsGiveClearErrors()
    {
        Assert.Throws<ConfigException>(() => ConfigLoader.ParseYaml("a: [1, 2", "bad.yaml"));
        Assert.Throws<ConfigException>(() => ConfigLoader.ApplyOverride([], "no-equals-sign"));
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Build(new Dictionary<string, object?> { ["learning_rate"] = "fast" }));
        Assert.Contains("learning_rate = 'fast' is invalid", ex.Message);
        Assert.Contains("env_id is missing", ex.Message);
    }

    [Fact]
    public void PythonLiteralParsesZooExpressions()
    {
        var value = PythonLiteral.Parse("dict(a=1e-3, b=[1, 2], c=dict(d=True, e=None), f=nn.ReLU, g='s')");
        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal(1e-3, map["a"]);
        Assert.Equal([1.0, 2.0], Assert.IsType<List<object?>>(map["b"]).Cast<double>());
        Assert.Equal(true, ((Dictionary<string, object?>)map["c"]!)["d"]);
        Assert.Null(((Dictionary<string, object?>)map["c"]!)["e"]);
        Assert.Equal("nn.ReLU", map["f"]);
        Assert.Equal("s", map["g"]);
        Assert.Throws<FormatException>(() => PythonLiteral.Parse("dict(a=1"));
    }

    [Fact]
    public void ResolvedConfigRoundTripsThroughYaml()
    {
        var settings = ConfigLoader.ParseYaml(ConfigLoader.BuiltInConfigText("Pendulum-v1")!, "Pendulum");
        var run = ConfigLoader.Build(settings);
        var again = ConfigLoader.Build(ConfigLoader.ParseYaml(ConfigWriter.ToYaml(run.Resolved), "resolved"));
        Assert.Equal(run.Ppo with { LearningRate = again.Ppo.LearningRate, ClipRange = again.Ppo.ClipRange, Policy = again.Ppo.Policy }, again.Ppo);
        Assert.Equal(run.Ppo.Policy.Continuous, again.Ppo.Policy.Continuous);
        Assert.Equal(run.Ppo.LearningRate.ValueAt(0.3), again.Ppo.LearningRate.ValueAt(0.3));
    }
}
