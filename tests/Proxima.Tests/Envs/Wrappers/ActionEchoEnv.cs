using Proxima.Envs;
using Proxima.Envs.Spaces;

namespace Proxima.Tests.Envs.Wrappers;

/// <summary>Observes the action it received (zeros after reset); reward 1; never ends.</summary>
internal sealed class ActionEchoEnv(Box actionSpace) : IEnv
{
    public Space ObservationSpace { get; } = new Box(float.NegativeInfinity, float.PositiveInfinity, actionSpace.Size);

    public Space ActionSpace => actionSpace;

    public void Reset(Span<float> observation, ulong? seed = null) => observation.Clear();

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        action.CopyTo(observation);
        return new StepResult(1, false, false);
    }

    public void Dispose()
    {
    }
}
