using System.Globalization;
using Proxima.Random;

namespace Proxima.Envs.Spaces;

/// <summary>A (possibly unbounded) box of float32 values with a shape and per-element bounds.</summary>
public sealed class Box : Space
{
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>A box with the same bounds for every element.</summary>
    public Box(float low, float high, params int[] shape)
        : this(Fill(low, shape), Fill(high, shape), shape)
    {
    }

    /// <summary>A box with per-element bounds (length = product of <paramref name="shape"/>).</summary>
    public Box(float[] low, float[] high, params int[] shape)
    {
        if (shape.Length == 0)
        {
            shape = [low.Length];
        }

        int n = Product(shape);
        if (low.Length != n || high.Length != n)
        {
            throw new ArgumentException($"Box bounds must have {n} entries for shape [{string.Join(", ", shape)}]; got low {low.Length}, high {high.Length}.");
        }

        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
            {
                throw new ArgumentException($"Box bound {i} is invalid: low {low[i]} must be <= high {high[i]} and neither NaN.");
            }
        }

        Shape = (int[])shape.Clone();
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
    }

    /// <summary>The element shape.</summary>
    public int[] Shape { get; }

    /// <summary>Lower bounds (flattened).</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds (flattened).</summary>
    public ReadOnlySpan<float> High => _high;

    /// <summary>True when every element has finite bounds on both sides.</summary>
    public bool IsBounded => _low.All(float.IsFinite) && _high.All(float.IsFinite);

    public override int Size => _low.Length;

    public override int FlatSize => _low.Length;

    public override void Sample(Pcg64 rng, Span<float> destination)
    {
        CheckLength(destination, "destination");
        for (int i = 0; i < _low.Length; i++)
        {
            bool lowFinite = float.IsFinite(_low[i]);
            bool highFinite = float.IsFinite(_high[i]);
            double v;
            if (lowFinite && highFinite)
            {
                v = rng.Uniform(_low[i], _high[i]);
            }
            else if (lowFinite)
            {
                v = _low[i] - Math.Log(1.0 - rng.NextDouble());
            }
            else if (highFinite)
            {
                v = _high[i] + Math.Log(1.0 - rng.NextDouble());
            }
            else
            {
                v = rng.NextGaussian();
            }

            destination[i] = Math.Clamp((float)v, _low[i], _high[i]);
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
            if (float.IsNaN(value[i]) || value[i] < _low[i] || value[i] > _high[i])
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

    public override string ToString()
    {
        string Bound(float[] b) => b.All(x => x == b[0]) ? b[0].ToString(CultureInfo.InvariantCulture) : "[...]";
        return $"Box({Bound(_low)}, {Bound(_high)}, [{string.Join(", ", Shape)}])";
    }

    private static int Product(int[] shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            if (d <= 0)
            {
                throw new ArgumentException($"Box dimensions must be positive, got [{string.Join(", ", shape)}].");
            }

            n *= d;
        }

        return n;
    }

    private static float[] Fill(float value, int[] shape)
    {
        var a = new float[Product(shape)];
        Array.Fill(a, value);
        return a;
    }
}
