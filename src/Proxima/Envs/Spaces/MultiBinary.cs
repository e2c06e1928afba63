using Proxima.Random;

namespace Proxima.Envs.Spaces;

/// <summary>A vector of <see cref="N"/> independent 0/1 values.</summary>
public sealed class MultiBinary : Space
{
    public MultiBinary(int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "MultiBinary needs at least one entry (n >= 1).");
        }

        N = n;
    }

    /// <summary>Number of binary entries.</summary>
    public int N { get; }

    public override int Size => N;

    public override int FlatSize => N;

    public override void Sample(Pcg64 rng, Span<float> destination)
    {
        CheckLength(destination, "destination");
        for (int i = 0; i < N; i++)
        {
            destination[i] = rng.NextInt(2);
        }
    }

    public override bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != N)
        {
            return false;
        }

        foreach (float v in value)
        {
            if (v != 0f && v != 1f)
            {
                return false;
            }
        }

        return true;
    }

    public override void Flatten(ReadOnlySpan<float> value, Span<float> destination)
    {
        CheckLength(value);
        value.CopyTo(destination);
    }

    public override string ToString() => $"MultiBinary({N})";
}
