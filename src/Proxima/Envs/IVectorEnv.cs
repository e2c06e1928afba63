using Proxima.Envs.Spaces;

namespace Proxima.Envs;

/// <summary>
/// A batch of <see cref="NumEnvs"/> environments stepped together into pre-allocated buffers (<see cref="Data"/>).
/// <para>
/// Autoreset semantics ("same-step", as Stable-Baselines3): when environment i finishes an episode in
/// <see cref="Step"/>, it is reset immediately; <c>Data.Observations</c> row i then holds the first observation of
/// the new episode, <c>Data.FinalObservations</c> row i holds the last observation of the finished one,
/// <c>Terminated[i]</c>/<c>Truncated[i]</c> say how it ended, and <c>EpisodeReturns[i]</c>/<c>EpisodeLengths[i]</c>
/// give its undiscounted return and length as the environment reported them (before any reward wrapper).
/// </para>
/// </summary>
public interface IVectorEnv : IDisposable
{
    /// <summary>Number of environments (rows).</summary>
    int NumEnvs { get; }

    /// <summary>Observation space of one environment.</summary>
    Space ObservationSpace { get; }

    /// <summary>Action space of one environment.</summary>
    Space ActionSpace { get; }

    /// <summary>The buffers written by <see cref="Reset"/> and <see cref="Step"/>.</summary>
    VectorStepData Data { get; }

    /// <summary>Resets every environment; with a seed, environment i is seeded with <c>seed + i</c>.</summary>
    void Reset(ulong? seed = null);

    /// <summary>Steps every environment with its row of <paramref name="actions"/> ([NumEnvs, ActionSpace.Size]).</summary>
    void Step(ReadOnlySpan<float> actions);
}

/// <summary>Buffers a vector environment writes into; rows are environments.</summary>
public sealed class VectorStepData
{
    public VectorStepData(int numEnvs, int observationSize, int actionMaskSize = 0)
    {
        NumEnvs = numEnvs;
        ObservationSize = observationSize;
        Observations = new float[numEnvs * observationSize];
        FinalObservations = new float[numEnvs * observationSize];
        Rewards = new float[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        EpisodeReturns = new double[numEnvs];
        EpisodeLengths = new int[numEnvs];
        ActionMasks = actionMaskSize > 0 ? new bool[numEnvs * actionMaskSize] : null;
        ActionMaskSize = actionMaskSize;
    }

    public int NumEnvs { get; }

    public int ObservationSize { get; }

    /// <summary>Current observations [NumEnvs, ObservationSize] (after autoreset).</summary>
    public float[] Observations { get; }

    /// <summary>Last observation of an episode that ended this step [NumEnvs, ObservationSize]; valid where done.</summary>
    public float[] FinalObservations { get; }

    /// <summary>Rewards of the last step.</summary>
    public float[] Rewards { get; }

    /// <summary>Episode ended in a terminal state on the last step.</summary>
    public bool[] Terminated { get; }

    /// <summary>Episode was truncated (time limit) on the last step.</summary>
    public bool[] Truncated { get; }

    /// <summary>Undiscounted raw return of the episode that ended on the last step; valid where done.</summary>
    public double[] EpisodeReturns { get; }

    /// <summary>Length of the episode that ended on the last step; valid where done.</summary>
    public int[] EpisodeLengths { get; }

    /// <summary>Valid-action masks for the current observations [NumEnvs, ActionMaskSize], or null.</summary>
    public bool[]? ActionMasks { get; }

    /// <summary>Mask entries per environment (0 when the environments provide no masks).</summary>
    public int ActionMaskSize { get; }

    /// <summary>Row <paramref name="env"/> of <see cref="Observations"/>.</summary>
    public Span<float> Observation(int env) => Observations.AsSpan(env * ObservationSize, ObservationSize);

    /// <summary>Row <paramref name="env"/> of <see cref="FinalObservations"/>.</summary>
    public Span<float> FinalObservation(int env) => FinalObservations.AsSpan(env * ObservationSize, ObservationSize);
}
