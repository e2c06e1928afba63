namespace Proxima.Training;

/// <summary>
/// Experience from one or more collectors, as plain arrays shaped [steps, rows] in time-major order
/// (entry <c>t * Rows + r</c> is step t of row r; a row is one environment or one agent). It holds no references to
/// environments or networks, so it can be combined, sliced, saved, sent to another process and learned from later.
/// </summary>
public sealed class RolloutBatch
{
    /// <summary>Allocates a zeroed batch.</summary>
    public RolloutBatch(int steps, int rows, int observationSize, int actionSize, int actionMaskSize = 0, int recurrentStateSize = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(actionMaskSize);
        ArgumentOutOfRangeException.ThrowIfNegative(recurrentStateSize);
        Steps = steps;
        Rows = rows;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        ActionMaskSize = actionMaskSize;
        RecurrentStateSize = recurrentStateSize;
        int n = steps * rows;
        Observations = new float[n * observationSize];
        Actions = new float[n * actionSize];
        LogProbs = new float[n];
        Values = new float[n];
        Rewards = new float[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        BootstrapValues = new float[n];
        EpisodeStarts = new bool[n];
        Advantages = new float[n];
        Returns = new float[n];
        ActionMasks = actionMaskSize > 0 ? new bool[n * actionMaskSize] : null;
        RecurrentStates = recurrentStateSize > 0 ? new float[n * recurrentStateSize] : null;
    }

    /// <summary>Number of time steps.</summary>
    public int Steps { get; }

    /// <summary>Number of rows (environments or agents) per step.</summary>
    public int Rows { get; }

    /// <summary>Total transitions (Steps × Rows).</summary>
    public int Count => Steps * Rows;

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Mask entries per transition (0 when the environment gives no action masks).</summary>
    public int ActionMaskSize { get; }

    /// <summary>Floats of recurrent state per transition (0 for feed-forward policies).</summary>
    public int RecurrentStateSize { get; }

    /// <summary>Version of the policy weights that collected this batch (for distributed or offline learning).</summary>
    public long PolicyVersion { get; set; }

    /// <summary>Observation each action was chosen from [Count, ObservationSize] (already normalized if the env normalizes).</summary>
    public float[] Observations { get; }

    /// <summary>Actions as sampled (continuous actions unclipped) [Count, ActionSize].</summary>
    public float[] Actions { get; }

    /// <summary>Log-probability of each action under the collecting policy.</summary>
    public float[] LogProbs { get; }

    /// <summary>Value estimate of each observation under the collecting policy.</summary>
    public float[] Values { get; }

    /// <summary>Reward of each transition (after any reward normalization).</summary>
    public float[] Rewards { get; }

    /// <summary>The transition ended its episode in a terminal state.</summary>
    public bool[] Terminated { get; }

    /// <summary>The transition ended its episode by truncation (time limit).</summary>
    public bool[] Truncated { get; }

    /// <summary>Value of the episode's final observation where <see cref="Truncated"/>, else 0.</summary>
    public float[] BootstrapValues { get; }

    /// <summary>The observation of this transition is the first of an episode.</summary>
    public bool[] EpisodeStarts { get; }

    /// <summary>GAE advantages (filled by <see cref="ComputeGae"/>).</summary>
    public float[] Advantages { get; }

    /// <summary>Value targets: advantages + values (filled by <see cref="ComputeGae"/>).</summary>
    public float[] Returns { get; }

    /// <summary>Valid-action masks in force when each action was chosen [Count, ActionMaskSize], or null.</summary>
    public bool[]? ActionMasks { get; }

    /// <summary>Recurrent state at the beginning of each transition [Count, RecurrentStateSize], or null.</summary>
    public float[]? RecurrentStates { get; }

    /// <summary>Observation of transition <paramref name="index"/>.</summary>
    public Span<float> Observation(int index) => Observations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>Action of transition <paramref name="index"/>.</summary>
    public Span<float> Action(int index) => Actions.AsSpan(index * ActionSize, ActionSize);

    /// <summary>
    /// Fills <see cref="Advantages"/> and <see cref="Returns"/> by GAE(λ). <paramref name="lastValues"/> [Rows] is the value of
    /// the observation that follows the last step of each row. See <see cref="Gae"/> for how episode ends are handled;
    /// no separate "last dones" are needed because each step records how its own transition ended.
    /// </summary>
    public void ComputeGae(ReadOnlySpan<float> lastValues, float gamma, float lambda) =>
        Gae.ComputeGae(Steps, Rows, Rewards, Values, Terminated, Truncated, BootstrapValues, lastValues, gamma, lambda, Advantages, Returns);

    /// <summary>
    /// Concatenates batches along rows (their environments side by side). All must have the same number of steps and
    /// the same per-transition sizes; advantages and returns are carried over as computed by each collector.
    /// </summary>
    public static RolloutBatch Combine(IReadOnlyList<RolloutBatch> batches)
    {
        if (batches.Count == 0)
        {
            throw new ArgumentException("Combine needs at least one batch.", nameof(batches));
        }

        var first = batches[0];
        for (int b = 1; b < batches.Count; b++)
        {
            var other = batches[b];
            if (other.Steps != first.Steps || other.ObservationSize != first.ObservationSize || other.ActionSize != first.ActionSize
                || other.ActionMaskSize != first.ActionMaskSize || other.RecurrentStateSize != first.RecurrentStateSize)
            {
                throw new ArgumentException(
                    $"Batch {b} ({other.Describe()}) cannot be combined with batch 0 ({first.Describe()}): steps and per-transition sizes must match. " +
                    "Slice batches to a common number of steps first.");
            }
        }

        var result = new RolloutBatch(first.Steps, batches.Sum(b => b.Rows), first.ObservationSize, first.ActionSize, first.ActionMaskSize, first.RecurrentStateSize)
        {
            PolicyVersion = batches.Min(b => b.PolicyVersion),
        };
        int rowOffset = 0;
        foreach (var batch in batches)
        {
            for (int t = 0; t < first.Steps; t++)
            {
                CopyRows(batch, t, 0, result, t, rowOffset, batch.Rows);
            }

            rowOffset += batch.Rows;
        }

        return result;
    }

    /// <summary>A copy of steps [<paramref name="stepStart"/>, +<paramref name="stepCount"/>) of rows [<paramref name="rowStart"/>, +<paramref name="rowCount"/>).</summary>
    public RolloutBatch Slice(int stepStart, int stepCount, int rowStart, int rowCount)
    {
        if (stepStart < 0 || stepCount < 1 || stepStart + stepCount > Steps || rowStart < 0 || rowCount < 1 || rowStart + rowCount > Rows)
        {
            throw new ArgumentOutOfRangeException(
                nameof(stepStart),
                $"Slice steps [{stepStart}, {stepStart + stepCount}) rows [{rowStart}, {rowStart + rowCount}) is outside the batch ({Describe()}).");
        }

        var result = new RolloutBatch(stepCount, rowCount, ObservationSize, ActionSize, ActionMaskSize, RecurrentStateSize) { PolicyVersion = PolicyVersion };
        for (int t = 0; t < stepCount; t++)
        {
            CopyRows(this, stepStart + t, rowStart, result, t, 0, rowCount);
        }

        return result;
    }

    /// <summary>An independent copy.</summary>
    public RolloutBatch Clone() => Slice(0, Steps, 0, Rows);

    /// <summary>
    /// Fills <paramref name="indices"/> (length <see cref="Count"/>) with a random permutation of the transition indices;
    /// consecutive slices of it are the shuffled minibatches of one epoch.
    /// </summary>
    public void ShuffledIndices(Random.Pcg64 rng, Span<int> indices)
    {
        if (indices.Length != Count)
        {
            throw new ArgumentException($"indices must have {Count} entries, got {indices.Length}.", nameof(indices));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }

        rng.Shuffle(indices);
    }

    /// <summary>A short description of the shape.</summary>
    public string Describe() =>
        $"{Steps} steps x {Rows} rows, observation {ObservationSize}, action {ActionSize}" +
        (ActionMaskSize > 0 ? $", mask {ActionMaskSize}" : "") +
        (RecurrentStateSize > 0 ? $", recurrent state {RecurrentStateSize}" : "");

    private static void CopyRows(RolloutBatch src, int srcStep, int srcRow, RolloutBatch dst, int dstStep, int dstRow, int count)
    {
        int s = (srcStep * src.Rows) + srcRow;
        int d = (dstStep * dst.Rows) + dstRow;
        Copy(src.Observations, dst.Observations, s, d, count, src.ObservationSize);
        Copy(src.Actions, dst.Actions, s, d, count, src.ActionSize);
        Copy(src.LogProbs, dst.LogProbs, s, d, count, 1);
        Copy(src.Values, dst.Values, s, d, count, 1);
        Copy(src.Rewards, dst.Rewards, s, d, count, 1);
        Copy(src.Terminated, dst.Terminated, s, d, count, 1);
        Copy(src.Truncated, dst.Truncated, s, d, count, 1);
        Copy(src.BootstrapValues, dst.BootstrapValues, s, d, count, 1);
        Copy(src.EpisodeStarts, dst.EpisodeStarts, s, d, count, 1);
        Copy(src.Advantages, dst.Advantages, s, d, count, 1);
        Copy(src.Returns, dst.Returns, s, d, count, 1);
        if (src.ActionMasks is not null)
        {
            Copy(src.ActionMasks, dst.ActionMasks!, s, d, count, src.ActionMaskSize);
        }

        if (src.RecurrentStates is not null)
        {
            Copy(src.RecurrentStates, dst.RecurrentStates!, s, d, count, src.RecurrentStateSize);
        }
    }

    private static void Copy<T>(T[] src, T[] dst, int srcIndex, int dstIndex, int count, int width) =>
        Array.Copy(src, srcIndex * width, dst, dstIndex * width, count * width);
}
