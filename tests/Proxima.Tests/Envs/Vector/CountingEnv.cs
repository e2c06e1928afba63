using Proxima.Envs;
using Proxima.Envs.Spaces;

namespace Proxima.Tests.Envs.Vector;

/// <summary>
/// A scripted environment for vector tests: observation <c>[id, episode, t, seed or −1]</c>, reward = action + t,
/// the episode ends after <see cref="Length"/> steps (terminated or truncated), and it can be told to throw.
/// </summary>
internal class CountingEnv : IEnv
{
    public CountingEnv(int id, int length, bool truncate = false)
    {
        Id = id;
        Length = length;
        Truncate = truncate;
    }

    public int Id { get; }

    public int Length { get; }

    public bool Truncate { get; }

    public int Episode { get; private set; } = -1;

    public int T { get; private set; }

    public long TotalSteps { get; private set; }

    public ulong? LastSeed { get; private set; }

    public int ThrowAtTotalStep { get; set; } = -1;

    public bool ThrowOnReset { get; set; }

    public bool Disposed { get; private set; }

    public Space ObservationSpace { get; } = new Box(float.NegativeInfinity, float.PositiveInfinity, 4);

    public Space ActionSpace { get; } = new Box(-10f, 10f, 1);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        if (ThrowOnReset)
        {
            throw new InvalidOperationException($"reset failure in env {Id}");
        }

        if (seed is not null)
        {
            LastSeed = seed;
        }

        Episode++;
        T = 0;
        Write(observation);
    }

    public virtual StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        TotalSteps++;
        if (TotalSteps == ThrowAtTotalStep)
        {
            throw new InvalidOperationException($"step failure in env {Id}");
        }

        T++;
        Write(observation);
        bool done = T >= Length;
        return new StepResult(action[0] + T, done && !Truncate, done && Truncate);
    }

    public void Dispose() => Disposed = true;

    private void Write(Span<float> observation)
    {
        observation[0] = Id;
        observation[1] = Episode;
        observation[2] = T;
        observation[3] = LastSeed is ulong s ? s : -1;
    }
}

/// <summary>A <see cref="CountingEnv"/> whose action mask allows only action <c>t mod 3</c>.</summary>
internal sealed class MaskedCountingEnv(int id, int length) : CountingEnv(id, length), IActionMaskProvider
{
    public int ActionMaskSize => 3;

    public void WriteActionMask(Span<bool> mask)
    {
        mask.Clear();
        mask[T % 3] = true;
    }
}
