namespace Proxima.Training;

/// <summary>Pre-allocated storage for one minibatch gathered from a <see cref="RolloutBatch"/> by index.</summary>
internal sealed class MinibatchBuffers
{
    private readonly int _obsSize;
    private readonly int _actSize;
    private int _maskSize;

    public MinibatchBuffers(int observationSize, int actionSize, int maskSize)
    {
        _obsSize = observationSize;
        _actSize = actionSize;
        _maskSize = maskSize;
    }

    public float[] Observations { get; private set; } = [];

    public float[] Actions { get; private set; } = [];

    public bool[] ActionMasks { get; private set; } = [];

    public float[] OldLogProbs { get; private set; } = [];

    public float[] OldValues { get; private set; } = [];

    public float[] Advantages { get; private set; } = [];

    public float[] Returns { get; private set; } = [];

    public float[] LogProbs { get; private set; } = [];

    public float[] Entropies { get; private set; } = [];

    public float[] Values { get; private set; } = [];

    public float[] GradLogProbs { get; private set; } = [];

    public float[] GradEntropies { get; private set; } = [];

    public float[] GradValues { get; private set; } = [];

    /// <summary>Grows the buffers to hold <paramref name="size"/> transitions (no-op when they already do).</summary>
    public void EnsureCapacity(int size, int maskSize)
    {
        if (OldLogProbs.Length >= size && maskSize == _maskSize)
        {
            return;
        }

        _maskSize = maskSize;
        Observations = new float[size * _obsSize];
        Actions = new float[size * _actSize];
        ActionMasks = new bool[size * maskSize];
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
    }

    /// <summary>Copies the transitions at <paramref name="indices"/> into the front of the buffers.</summary>
    public void Gather(RolloutBatch batch, ReadOnlySpan<int> indices)
    {
        for (int j = 0; j < indices.Length; j++)
        {
            int i = indices[j];
            batch.Observations.AsSpan(i * _obsSize, _obsSize).CopyTo(Observations.AsSpan(j * _obsSize));
            batch.Actions.AsSpan(i * _actSize, _actSize).CopyTo(Actions.AsSpan(j * _actSize));
            if (_maskSize > 0 && batch.ActionMasks is { } masks)
            {
                masks.AsSpan(i * _maskSize, _maskSize).CopyTo(ActionMasks.AsSpan(j * _maskSize));
            }

            OldLogProbs[j] = batch.LogProbs[i];
            OldValues[j] = batch.Values[i];
            Advantages[j] = batch.Advantages[i];
            Returns[j] = batch.Returns[i];
        }
    }
}
