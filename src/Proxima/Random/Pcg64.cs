using System.Runtime.CompilerServices;

namespace Proxima.Random;

/// <summary>
/// The PCG64 (XSL-RR 128/64) generator with NumPy's seeding and double conversion, so that
/// <c>new Pcg64(s)</c> produces the same stream as <c>numpy.random.Generator(PCG64(SeedSequence(s)))</c>.
/// This is Proxima's only source of randomness; its state is four words and can be saved and restored exactly.
/// </summary>
public sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    private UInt128 _state;
    private UInt128 _increment;

    /// <summary>Seeds the generator as NumPy does for <c>PCG64(SeedSequence(seed))</c>.</summary>
    public Pcg64(ulong seed)
    {
        var words = SeedSequence.GenerateState64(seed, 4);
        SetSeed(new UInt128(words[0], words[1]), new UInt128(words[2], words[3]));
    }

    private Pcg64(UInt128 state, UInt128 increment)
    {
        _state = state;
        _increment = increment;
    }

    /// <summary>The full generator state (state high, state low, increment high, increment low).</summary>
    public (ulong StateHigh, ulong StateLow, ulong IncHigh, ulong IncLow) State
    {
        get => ((ulong)(_state >> 64), (ulong)_state, (ulong)(_increment >> 64), (ulong)_increment);
        set
        {
            _state = new UInt128(value.StateHigh, value.StateLow);
            _increment = new UInt128(value.IncHigh, value.IncLow);
        }
    }

    /// <summary>An independent copy with the same state.</summary>
    public Pcg64 Clone() => new(_state, _increment);

    /// <summary>
    /// Derives a generator for a sub-stream (for example environment <paramref name="index"/> of a run) from this
    /// generator's seed material without disturbing this stream.
    /// </summary>
    public static Pcg64 ForStream(ulong seed, ulong index) => new(unchecked(seed * 0x9E3779B97F4A7C15UL + index + 1));

    private void SetSeed(UInt128 initState, UInt128 initSeq)
    {
        _state = UInt128.Zero;
        _increment = (initSeq << 1) | UInt128.One;
        Step();
        _state += initState;
        Step();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Step() => _state = unchecked((_state * Multiplier) + _increment);

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        Step();
        ulong high = (ulong)(_state >> 64);
        ulong low = (ulong)_state;
        int rot = (int)(high >> 58);
        return ulong.RotateRight(high ^ low, rot);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits, as NumPy's <c>random()</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform double in [low, high), as NumPy's <c>uniform(low, high)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / 16777216.0f);

    /// <summary>Uniform integer in [0, <paramref name="n"/>) without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The upper bound must be positive.");
        }

        ulong range = (ulong)n;
        while (true)
        {
            ulong x = NextUInt64();
            UInt128 product = (UInt128)x * range;
            ulong low = (ulong)product;
            if (low >= range || low >= (0UL - range) % range)
            {
                return (int)(ulong)(product >> 64);
            }
        }
    }

    /// <summary>Standard normal sample (Box–Muller, one sample per call so the state stays four words).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="values"/> in place.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
