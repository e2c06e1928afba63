using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Policies;

/// <summary>Builds the actor-critic a <see cref="PolicyConfig"/> describes.</summary>
public static class ActorCriticPolicies
{
    /// <summary>A <see cref="RecurrentActorCriticPolicy"/> when <see cref="PolicyConfig.Recurrent"/> is set, else an <see cref="ActorCriticPolicy"/>.</summary>
    public static IActorCriticPolicy Create(Space observationSpace, Space actionSpace, PolicyConfig config, Pcg64 rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Recurrent is null
            ? new ActorCriticPolicy(observationSpace, actionSpace, config, rng)
            : new RecurrentActorCriticPolicy(observationSpace, actionSpace, config, rng);
    }
}
