using Proxima.Random;

namespace Proxima.Envs.Spaces;

/// <summary>Integers {start, ..., start + n − 1}, encoded as one float.</summary>
public sealed class Discrete : Space
{
    public Discrete(int n, int start = 0)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A Discrete space needs at least one choice (n >= 1).");
        }

        N = n;
        Start = start;
    }

    /// <summary>Number of choices.</summary>
    public int N { get; }

    /// <summary>The smallest value.</summary>
    public int Start { get; }

    public override int Size => 1;

    public override int FlatSize => N;

    public override void Sample(Pcg64 rng, Span<float> destination)
    {
        CheckLength(destination, "destination");
        destination[0] = Start + rng.NextInt(N);
    }

    public override bool Contains(ReadOnlySpan<float> value) =>
        value.Length == 1 && value[0] == MathF.Floor(value[0]) && value[0] >= Start && value[0] < Start + N;

    public override void Flatten(ReadOnlySpan<float> value, Span<float> destination)
    {
        CheckLength(value);
        destination[..N].Clear();
        destination[(int)value[0] - Start] = 1f;
    }

    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
