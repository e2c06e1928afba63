using Proxima.Random;

namespace Proxima.Envs.Spaces;

/// <summary>Several independent discrete choices; component i takes values 0..Nvec[i]−1.</summary>
public sealed class MultiDiscrete : Space
{
    private readonly int[] _nvec;

    public MultiDiscrete(params int[] nvec)
    {
        if (nvec.Length == 0 || nvec.Any(n => n < 1))
        {
            throw new ArgumentException($"MultiDiscrete needs at least one component and every count >= 1, got [{string.Join(", ", nvec)}].", nameof(nvec));
        }

        _nvec = (int[])nvec.Clone();
    }

    /// <summary>Choices per component.</summary>
    public ReadOnlySpan<int> Nvec => _nvec;

    public override int Size => _nvec.Length;

    public override int FlatSize => _nvec.Sum();

    public override void Sample(Pcg64 rng, Span<float> destination)
    {
        CheckLength(destination, "destination");
        for (int i = 0; i < _nvec.Length; i++)
        {
            destination[i] = rng.NextInt(_nvec[i]);
        }
    }

    public override bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Size)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != MathF.Floor(value[i]) || value[i] < 0 || value[i] >= _nvec[i])
            {
                return false;
            }
        }

        return true;
    }

    public override void Flatten(ReadOnlySpan<float> value, Span<float> destination)
    {
        CheckLength(value);
        destination[..FlatSize].Clear();
        int offset = 0;
        for (int i = 0; i < _nvec.Length; i++)
        {
            destination[offset + (int)value[i]] = 1f;
            offset += _nvec[i];
        }
    }

    public override string ToString() => $"MultiDiscrete([{string.Join(", ", _nvec)}])";
}
