namespace Proxima.Random;

/// <summary>
/// NumPy's <c>SeedSequence</c> entropy mixer (pool of four 32-bit words), reproduced so that a seed
/// gives the same generator state as <c>numpy.random.SeedSequence(seed)</c>.
/// </summary>
public static class SeedSequence
{
    private const uint InitA = 0x43b0d7e5;
    private const uint MultA = 0x931e8875;
    private const uint InitB = 0x8b51f9dd;
    private const uint MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd;
    private const uint MixMultR = 0x4973f715;
    private const int XShift = 16;
    private const int PoolSize = 4;

    /// <summary>Words of <paramref name="seed"/> as NumPy coerces a non-negative integer: little-endian 32-bit words, at least one.</summary>
    private static uint[] EntropyWords(ulong seed)
    {
        return (seed >> 32) == 0 ? [(uint)seed] : [(uint)seed, (uint)(seed >> 32)];
    }

    /// <summary>The mixed entropy pool for a non-negative integer seed.</summary>
    public static uint[] Pool(ulong seed)
    {
        var entropy = EntropyWords(seed);
        var pool = new uint[PoolSize];
        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
        {
            pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        }

        for (int src = 0; src < PoolSize; src++)
        {
            for (int dst = 0; dst < PoolSize; dst++)
            {
                if (src != dst)
                {
                    pool[dst] = Mix(pool[dst], HashMix(pool[src], ref hashConst));
                }
            }
        }

        for (int src = PoolSize; src < entropy.Length; src++)
        {
            for (int dst = 0; dst < PoolSize; dst++)
            {
                pool[dst] = Mix(pool[dst], HashMix(entropy[src], ref hashConst));
            }
        }

        return pool;
    }

    /// <summary>NumPy's <c>generate_state(n, np.uint64)</c>: <paramref name="count"/> 64-bit words.</summary>
    public static ulong[] GenerateState64(ulong seed, int count)
    {
        var pool = Pool(seed);
        var words = new uint[count * 2];
        uint hashConst = InitB;
        for (int i = 0; i < words.Length; i++)
        {
            uint value = pool[i % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> XShift;
            words[i] = value;
        }

        var result = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = words[2 * i] | ((ulong)words[2 * i + 1] << 32);
        }

        return result;
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> XShift;
        return value;
    }

    private static uint Mix(uint x, uint y)
    {
        uint result = (MixMultL * x) - (MixMultR * y);
        result ^= result >> XShift;
        return result;
    }
}
