using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Policies;
using Proxima.Random;

namespace Proxima.Tests.Training;

public class ActorCriticPolicyInitTests
{
    private static ActorCriticPolicy Create(bool orthoInit, ContinuousDistribution distribution, Space? actionSpace = null) =>
        new(new Box(-1f, 1f, 3), actionSpace ?? new Box(-1f, 1f, 2), new PolicyConfig { OrthoInit = orthoInit, Continuous = distribution, LogStdInit = -2 }, new Pcg64(5));

    [Theory]
    [InlineData(ContinuousDistribution.Gaussian)]
    [InlineData(ContinuousDistribution.Gsde)]
    public void WithoutOrthoInitTheActionLayerHasPyTorchDefaultWeightsAndBiases(ContinuousDistribution distribution)
    {
        // SB3 with ortho_init=False (e.g. the zoo's MountainCarContinuous-v0 config) leaves action_net as nn.Linear
        // initialized it: weights and biases uniform in ±1/sqrt(fan_in). The bias used to be zeroed.
        var policy = Create(orthoInit: false, distribution);
        float bound = 1f / MathF.Sqrt(64);
        var bias = policy.Parameters["action.linear.bias"].Value.ToArray();
        var weight = policy.Parameters["action.linear.weight"].Value.ToArray();
        Assert.All(bias, b => Assert.InRange(b, -bound, bound));
        Assert.All(weight, w => Assert.InRange(w, -bound, bound));
        Assert.Contains(bias, b => b != 0);
        Assert.True(weight.Select(Math.Abs).Max() > 0.5 * bound, "weights look scaled by the 0.01 orthogonal gain");
        Assert.All(policy.Parameters["action.log_std"].Value.ToArray(), v => Assert.Equal(-2f, v));
        Assert.Contains(policy.Parameters["value.bias"].Value.ToArray(), b => b != 0);
    }

    [Theory]
    [InlineData(ContinuousDistribution.Gaussian)]
    [InlineData(ContinuousDistribution.Gsde)]
    public void OrthoInitZeroesBiasesAndScalesTheActionLayer(ContinuousDistribution distribution)
    {
        var policy = Create(orthoInit: true, distribution);
        Assert.All(policy.Parameters["action.linear.bias"].Value.ToArray(), b => Assert.Equal(0f, b));
        Assert.All(policy.Parameters["value.bias"].Value.ToArray(), b => Assert.Equal(0f, b));
        Assert.All(policy.Parameters["pi.0.bias"].Value.ToArray(), b => Assert.Equal(0f, b));
        Assert.True(policy.Parameters["action.linear.weight"].Value.ToArray().Select(Math.Abs).Max() < 0.05);
    }

    [Fact]
    public void WithoutOrthoInitTheCategoricalLayerHasUniformBiases()
    {
        var policy = Create(orthoInit: false, ContinuousDistribution.Gaussian, new Discrete(4));
        float bound = 1f / MathF.Sqrt(64);
        var bias = policy.Parameters["action.linear.bias"].Value.ToArray();
        Assert.All(bias, b => Assert.InRange(b, -bound, bound));
        Assert.Contains(bias, b => b != 0);
    }
}
