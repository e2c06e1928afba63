namespace Proxima.Training;

/// <summary>
/// Pre-allocated storage for one minibatch of whole chunks gathered from a <see cref="RolloutBatch"/>.
/// <para>
/// A chunk is <c>L</c> consecutive steps of one row (see <see cref="ChunkLayout"/>); a feed-forward policy uses
/// <c>L = 1</c>, so a chunk is one transition and this is plain shuffled-transition minibatching. The gathered
/// minibatch is time-major, <c>[L, K]</c> for K chunks (entry <c>j·K + q</c> is step j of chunk q), with each chunk's
/// stored recurrent state at its first step. A chunk shorter than L (the rollout length is not a multiple of L) is
/// padded at its end; padded entries are marked invalid. The loss-side arrays (<see cref="OldLogProbs"/>,
/// <see cref="Advantages"/>, …) hold only the valid entries, in padded-layout order; <see cref="ValidIndex"/> maps
/// them back, so padding contributes nothing to any loss term, gradient, metric or advantage statistic.
/// </para>
/// </summary>
internal sealed class MinibatchBuffers
{
    private readonly int _obsSize;
    private readonly int _actSize;
    private readonly int _stateSize;
    private int _maskSize;
    private int _capacity = -1;
    private int _chunkCapacity = -1;

    public MinibatchBuffers(int observationSize, int actionSize, int maskSize, int stateSize)
    {
        _obsSize = observationSize;
        _actSize = actionSize;
        _maskSize = maskSize;
        _stateSize = stateSize;
    }

    /// <summary>Padded entries of the current minibatch (L·K).</summary>
    public int Entries { get; private set; }

    /// <summary>Valid (non-padding) entries of the current minibatch.</summary>
    public int ValidCount { get; private set; }

    /// <summary>Steps per chunk of the current minibatch.</summary>
    public int Steps { get; private set; }

    /// <summary>Chunks of the current minibatch.</summary>
    public int Chunks { get; private set; }

    public float[] Observations { get; private set; } = [];

    public float[] Actions { get; private set; } = [];

    public bool[] ActionMasks { get; private set; } = [];

    public bool[] EpisodeStarts { get; private set; } = [];

    public float[] InitialStates { get; private set; } = [];

    public int[] ValidIndex { get; private set; } = [];

    public float[] OldLogProbs { get; private set; } = [];

    public float[] OldValues { get; private set; } = [];

    public float[] Advantages { get; private set; } = [];

    public float[] Returns { get; private set; } = [];

    /// <summary>Policy outputs in padded layout.</summary>
    public float[] LogProbs { get; private set; } = [];

    public float[] Entropies { get; private set; } = [];

    public float[] Values { get; private set; } = [];

    /// <summary>Loss gradients in padded layout (zero at padding).</summary>
    public float[] GradLogProbs { get; private set; } = [];

    public float[] GradEntropies { get; private set; } = [];

    public float[] GradValues { get; private set; } = [];

    /// <summary>Policy outputs and loss gradients compacted to the valid entries (used only when there is padding).</summary>
    public float[] ValidLogProbs { get; private set; } = [];

    public float[] ValidEntropies { get; private set; } = [];

    public float[] ValidValues { get; private set; } = [];

    public float[] ValidGradLogProbs { get; private set; } = [];

    public float[] ValidGradEntropies { get; private set; } = [];

    public float[] ValidGradValues { get; private set; } = [];

    /// <summary>Grows the buffers to hold <paramref name="chunks"/> chunks of <paramref name="steps"/> steps (no-op when they already do).</summary>
    public void EnsureCapacity(int steps, int chunks, int maskSize)
    {
        int size = steps * chunks;
        if (size <= _capacity && chunks <= _chunkCapacity && maskSize == _maskSize)
        {
            return;
        }

        _maskSize = maskSize;
        _capacity = size;
        _chunkCapacity = chunks;
        Observations = new float[size * _obsSize];
        Actions = new float[size * _actSize];
        ActionMasks = new bool[size * maskSize];
        EpisodeStarts = new bool[size];
        InitialStates = new float[chunks * _stateSize];
        ValidIndex = new int[size];
        OldLogProbs = new float[size];
        OldValues = new float[size];
        Advantages = new float[size];
        Returns = new float[size];
        LogProbs = new float[size];
        Entropies = new float[size];
        Values = new float[size];
        GradLogProbs = new float[size];
        GradEntropies = new float[size];
        GradValues = new float[size];
        ValidLogProbs = new float[size];
        ValidEntropies = new float[size];
        ValidValues = new float[size];
        ValidGradLogProbs = new float[size];
        ValidGradEntropies = new float[size];
        ValidGradValues = new float[size];
    }

    /// <summary>Copies the chunks <paramref name="chunkIds"/> of <paramref name="batch"/> (chunk length <paramref name="steps"/>) into the buffers.</summary>
    public void Gather(RolloutBatch batch, ReadOnlySpan<int> chunkIds, int steps)
    {
        int k = chunkIds.Length;
        int rows = batch.Rows;
        Steps = steps;
        Chunks = k;
        Entries = steps * k;
        int valid = 0;
        for (int j = 0; j < steps; j++)
        {
            for (int q = 0; q < k; q++)
            {
                int p = (j * k) + q;
                var (row, start, length) = ChunkLayout.Locate(chunkIds[q], rows, batch.Steps, steps);
                bool isValid = j < length;
                int i = ((start + Math.Min(j, length - 1)) * rows) + row;
                if (isValid)
                {
                    batch.Observations.AsSpan(i * _obsSize, _obsSize).CopyTo(Observations.AsSpan(p * _obsSize));
                    EpisodeStarts[p] = batch.EpisodeStarts[i];
                    OldLogProbs[valid] = batch.LogProbs[i];
                    OldValues[valid] = batch.Values[i];
                    Advantages[valid] = batch.Advantages[i];
                    Returns[valid] = batch.Returns[i];
                    ValidIndex[valid++] = p;
                }
                else
                {
                    // Padding repeats the chunk's last valid input; its outputs are discarded and its gradients are zero.
                    batch.Observations.AsSpan(i * _obsSize, _obsSize).CopyTo(Observations.AsSpan(p * _obsSize));
                    EpisodeStarts[p] = false;
                }

                batch.Actions.AsSpan(i * _actSize, _actSize).CopyTo(Actions.AsSpan(p * _actSize));
                if (_maskSize > 0 && batch.ActionMasks is { } masks)
                {
                    masks.AsSpan(i * _maskSize, _maskSize).CopyTo(ActionMasks.AsSpan(p * _maskSize));
                }

                if (j == 0 && _stateSize > 0 && batch.RecurrentStates is { } states)
                {
                    states.AsSpan(i * _stateSize, _stateSize).CopyTo(InitialStates.AsSpan(q * _stateSize));
                }
            }
        }

        ValidCount = valid;
    }
}
