namespace Proxima.Training;

/// <summary>
/// How truncated backpropagation through time cuts a rollout: each row's <c>T</c> steps become
/// <c>⌈T / L⌉</c> chunks of <c>L</c> consecutive steps (the last one shorter when L does not divide T). Chunk
/// <c>c·Rows + r</c> is chunk c of row r, so with <c>L = 1</c> chunk ids are transition ids. A chunk never spans two
/// rows; episodes that start inside a chunk are separated by the recurrent state reset at their first step.
/// </summary>
public static class ChunkLayout
{
    /// <summary>Chunks per row for <paramref name="steps"/> steps of length <paramref name="chunkLength"/>.</summary>
    public static int ChunksPerRow(int steps, int chunkLength) => (steps + chunkLength - 1) / chunkLength;

    /// <summary>Row, first step and number of steps of chunk <paramref name="chunkId"/>.</summary>
    public static (int Row, int Start, int Length) Locate(int chunkId, int rows, int steps, int chunkLength)
    {
        int c = chunkId / rows;
        int start = c * chunkLength;
        return (chunkId - (c * rows), start, Math.Min(chunkLength, steps - start));
    }

    /// <summary>
    /// Chunks per minibatch when <paramref name="batchSize"/> counts steps: rounded to whole chunks, at least one.
    /// </summary>
    public static int ChunksPerMinibatch(int batchSize, int chunkLength) =>
        Math.Max(1, (int)Math.Round((double)batchSize / chunkLength, MidpointRounding.AwayFromZero));
}
