using Proxima.Nn;

namespace Proxima.Distributions;

/// <summary>Argument checks shared by the action heads, with messages that name the head.</summary>
internal static class HeadGuards
{
    public static void CheckLatent(ActionHead head, Tensor latent)
    {
        if (latent.Rank != 2 || latent.RowSize != head.LatentSize)
        {
            throw new ArgumentException(
                $"{head.Describe()} expects a latent batch [B, {head.LatentSize}], got {latent.ShapeString}.",
                nameof(latent));
        }
    }

    public static void CheckMasks(ActionHead head, ReadOnlySpan<bool> masks, int rows)
    {
        if (masks.IsEmpty)
        {
            return;
        }

        if (head.ActionMaskSize == 0)
        {
            throw new ArgumentException($"{head.Describe()} does not take action masks, but {masks.Length} mask entries were given.", nameof(masks));
        }

        if (masks.Length != rows * head.ActionMaskSize)
        {
            throw new ArgumentException(
                $"{head.Describe()} expects action masks [B={rows}, {head.ActionMaskSize}] ({rows * head.ActionMaskSize} entries), got {masks.Length}.",
                nameof(masks));
        }
    }

    public static int Rows(ActionHead head, int rows)
    {
        if (rows < 0)
        {
            throw new InvalidOperationException($"{head.Describe()}: Forward must be called before sampling, scoring or Backward.");
        }

        return rows;
    }

    /// <summary>
    /// <see cref="Rows"/> of the last Forward, after checking that <paramref name="actionsLength"/> holds one action
    /// per row.
    /// </summary>
    public static int RowsWithActions(ActionHead head, int rows, int actionsLength)
    {
        Rows(head, rows);
        CheckLength(head, actionsLength, rows * head.ActionSize, "actions");
        return rows;
    }

    public static void CheckLength(ActionHead head, int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{head.Describe()}: {what} must have {expected} entries for the last Forward batch, got {actual}.");
        }
    }

    /// <summary>Validates the Backward inputs; an empty <paramref name="gradEntropy"/> means zero.</summary>
    public static void CheckBackward(ActionHead head, int rows, ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        CheckLength(head, actions.Length, rows * head.ActionSize, "actions");
        CheckLength(head, gradLogProb.Length, rows, "gradLogProb");
        if (!gradEntropy.IsEmpty)
        {
            CheckLength(head, gradEntropy.Length, rows, "gradEntropy");
        }
    }
}
