using Proxima.Envs.Registry;
using Proxima.Evaluation;
using Proxima.Policies;
using Proxima.Random;

namespace Proxima.Tests.Training;

public class EvaluatorTests
{
    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void EvaluatesRegisteredEnvironmentsWhoseWrappersForwardNoActionMask(string envId)
    {
        // Registered environments come wrapped (TimeLimit), and every EnvWrapper implements IActionMaskProvider even
        // when the wrapped environment has no mask (ActionMaskSize 0); evaluation must not ask such a wrapper for one.
        using var probe = EnvRegistry.Make(envId);
        var policy = new ActorCriticPolicy(probe.ObservationSpace, probe.ActionSpace, new PolicyConfig(), new Pcg64(1));
        var stats = Evaluator.Evaluate(policy, () => EnvRegistry.Make(envId), episodes: 2, seed: 10, deterministic: true);
        Assert.Equal(2, stats.Episodes);
        Assert.True(stats.MeanLength > 0);
    }
}
