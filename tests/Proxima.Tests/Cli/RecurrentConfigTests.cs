using Proxima.Cli.Config;
using Proxima.Policies;

namespace Proxima.Tests.Cli;

public class RecurrentConfigTests
{
    [Fact]
    public void ReadsTheZooLstmEntryVerbatim()
    {
        const string yaml = """
            CartPoleNoVel-v1:
              normalize: True
              n_envs: 8
              n_timesteps: !!float 1e5
              policy: 'MlpLstmPolicy'
              n_steps: 32
              batch_size: 256
              policy_kwargs: "dict(
                                ortho_init=False,
                                activation_fn=nn.ReLU,
                                lstm_hidden_size=48,
                                n_lstm_layers=2,
                                enable_critic_lstm=True,
                                net_arch=dict(pi=[64], vf=[64])
                              )"
            """;
        var run = ConfigLoader.Build(ConfigLoader.ParseYaml(yaml, "test"));
        var rc = run.Ppo.Policy.Recurrent;
        Assert.NotNull(rc);
        Assert.Equal(RecurrentCell.Lstm, rc!.Cell);
        Assert.Equal(48, rc.HiddenSize);
        Assert.Equal(2, rc.NumLayers);
        Assert.Equal(CriticMemory.Separate, rc.Critic);
        Assert.Equal(32, run.Ppo.BpttLength);
    }

    [Fact]
    public void PolicyMappingSelectsGruSharedCoreAndBpttLength()
    {
        var settings = ConfigLoader.ParseYaml("""
            env_id: RememberCue-v0
            bptt_length: 8
            policy:
              recurrent: gru
              shared_lstm: true
              lstm_hidden_size: 16
              key_encoder_layers: [32]
              parallel_critic: false
            """, "test");
        var run = ConfigLoader.Build(settings);
        var rc = run.Ppo.Policy.Recurrent!;
        Assert.False(rc.ParallelCritic);
        Assert.True(new RecurrentConfig().ParallelCritic);
        Assert.Equal(RecurrentCell.Gru, rc.Cell);
        Assert.Equal(CriticMemory.Shared, rc.Critic);
        Assert.Equal(16, rc.HiddenSize);
        Assert.Equal([32], rc.KeyEncoderLayers);
        Assert.Equal(8, run.Ppo.BpttLength);

        ConfigLoader.ApplyOverride(settings, "policy.recurrent=none");
        Assert.Null(ConfigLoader.Build(settings).Ppo.Policy.Recurrent);
    }

    [Fact]
    public void DisabledCriticLstmAndBadValuesAreReported()
    {
        var run = ConfigLoader.Build(new Dictionary<string, object?>
        {
            ["env_id"] = "CartPoleNoVel-v1",
            ["policy"] = "MlpLstmPolicy",
            ["policy_kwargs"] = "dict(enable_critic_lstm=False)",
        });
        Assert.Equal(CriticMemory.None, run.Ppo.Policy.Recurrent!.Critic);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Build(new Dictionary<string, object?>
        {
            ["env_id"] = "CartPoleNoVel-v1",
            ["policy"] = "MlpPolicy",
            ["policy_kwargs"] = "dict(lstm_hidden_size=0)",
            ["bptt_length"] = "0",
            ["policy.recurrent"] = "rnn",
        }));
        Assert.Contains("bptt_length", ex.Message, StringComparison.Ordinal);
        Assert.Contains("policy.recurrent", ex.Message, StringComparison.Ordinal);
        Assert.Contains("lstm_hidden_size", ex.Message, StringComparison.Ordinal);

        var feedForward = Assert.Throws<ConfigException>(() => ConfigLoader.Build(new Dictionary<string, object?>
        {
            ["env_id"] = "CartPoleNoVel-v1",
            ["policy"] = "MlpPolicy",
            ["policy_kwargs"] = "dict(lstm_hidden_size=32)",
        }));
        Assert.Contains("feed-forward", feedForward.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CartPoleNoVel-v1")]
    [InlineData("PendulumNoVel-v1")]
    [InlineData("RememberCue-v0")]
    [InlineData("PlanarArmReach-v0")]
    public void RecurrentBuiltInConfigsSelectARecurrentPolicy(string id)
    {
        var run = ConfigLoader.Build(ConfigLoader.ParseYaml(ConfigLoader.BuiltInConfigText(id)!, id));
        Assert.NotNull(run.Ppo.Policy.Recurrent);
    }
}
