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
        // Short rows (e.g. CartPole's 4 floats) are copied element by element: a span copy's call overhead would
        // exceed the copy itself.
        var srcObs = batch.Observations;
        var srcAct = batch.Actions;
        var srcLogProbs = batch.LogProbs;
        var srcValues = batch.Values;
        var srcAdv = batch.Advantages;
        var srcRet = batch.Returns;
        var obs = Observations;
        var act = Actions;
        var masks = _maskSize > 0 ? batch.ActionMasks : null;
        int obsSize = _obsSize, actSize = _actSize;
        for (int j = 0; j < indices.Length; j++)
        {
            int i = indices[j];
            Copy(srcObs, i * obsSize, obs, j * obsSize, obsSize);
            Copy(srcAct, i * actSize, act, j * actSize, actSize);
            if (masks is not null)
            {
                masks.AsSpan(i * _maskSize, _maskSize).CopyTo(ActionMasks.AsSpan(j * _maskSize));
            }

            OldLogProbs[j] = srcLogProbs[i];
            OldValues[j] = srcValues[i];
            Advantages[j] = srcAdv[i];
            Returns[j] = srcRet[i];
        }
    }

    private static void Copy(float[] src, int srcOffset, float[] dst, int dstOffset, int count)
    {
        if (count > 16)
        {
            src.AsSpan(srcOffset, count).CopyTo(dst.AsSpan(dstOffset, count));
            return;
        }

        for (int t = 0; t < count; t++)
        {
            dst[dstOffset + t] = src[srcOffset + t];
        }
    }
}
