using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Proxima.Nn;

/// <summary>
/// Row-major single-precision matrix products, including the transposed variants backpropagation needs.
/// Every routine either overwrites <c>c</c> or, with <c>accumulate</c>, adds into it.
/// <para>
/// All three reduce to one blocked core, C(i, j) (+)= Σₚ A(i, p)·B[p, j] with B row-major and A read through
/// arbitrary strides (so Aᵀ costs nothing). Register-blocked micro-kernels hold a 4-row × 2-vector tile of C in
/// registers and update it with fused multiply-adds (Vector512 when accelerated, else Vector256, with narrower
/// and scalar kernels for the column tail). <see cref="MatMulTransB"/> first packs Bᵀ into a per-thread scratch
/// buffer that is reused (or, for a few rows, takes vectorized row dot products instead), so steady-state calls
/// allocate nothing while <see cref="MaxThreads"/> is 1.
/// </para>
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Products smaller than this many multiply-adds always run on the calling thread.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>Up to this many rows, <see cref="MatMulTransB"/> uses row dot products instead of packing Bᵀ.</summary>
    private const int SmallRows = 64;

    [ThreadStatic]
    private static float[]? t_pack;

    [ThreadStatic]
    private static float[]? t_narrow;

    /// <summary>Test hook: when set on a thread, that thread's products use only the scalar kernels.</summary>
    [ThreadStatic]
    internal static bool t_scalarOnly;

    private static int s_maxThreads = 1;

    /// <summary>
    /// Upper bound on threads used to split one large product by rows (default 1: everything on the calling thread).
    /// Results do not depend on this value; values above 1 allocate a little per parallel call.
    /// </summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxThreads = value;
        }
    }

    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void MatMul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (n < 8 && k >= 16 && Vector256.IsHardwareAccelerated && !t_scalarOnly)
        {
            // Fewer columns than a vector (a narrow layer's input gradient): dot products of A's rows with Bᵀ's rows
            // instead of scalar column kernels.
            var pack = Scratch(ref t_pack, k * n);
            fixed (float* pa = a, pb = b, pc = c, pp = pack)
            {
                Transpose(pb, pp, k, n);
                DotRows(pa, pp, pc, m, k, n, accumulate);
            }

            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            Run(pa, k, 1, pb, pc, m, k, n, accumulate);
        }
    }

    /// <summary>C[m,n] (+)= A[m,k] · B[n,k]ᵀ.</summary>
    public static void MatMulTransB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0)
        {
            return;
        }

        if ((m <= SmallRows || n < 8) && k >= 16 && Vector256.IsHardwareAccelerated && !t_scalarOnly)
        {
            // Few rows (packing Bᵀ would cost as much as the product) or fewer columns than a vector (the packed kernels
            // would run scalar): take vectorized dot products of contiguous rows.
            fixed (float* pa = a, pb = b, pc = c)
            {
                DotRows(pa, pb, pc, m, k, n, accumulate);
            }

            return;
        }

        var pack = Scratch(ref t_pack, k * n);
        fixed (float* pa = a, pb = b, pc = c, pp = pack)
        {
            Transpose(pb, pp, n, k);
            Run(pa, k, 1, pp, pc, m, k, n, accumulate);
        }
    }

    /// <summary>C[m,n] (+)= A[k,m]ᵀ · B[k,n].</summary>
    public static void MatMulTransA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a.Length, b.Length, c.Length, m, k, n);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (n < 8 && m >= 8 && Vector256.IsHardwareAccelerated && !t_scalarOnly)
        {
            // Fewer columns than a vector (the weight gradient of a layer with a few inputs): compute Cᵀ = Bᵀ·A, which
            // is wide, and add its transpose.
            var scratch = Scratch(ref t_narrow, m * n);
            fixed (float* pa = a, pb = b, pc = c, ps = scratch)
            {
                Run(pb, 1, n, pa, ps, n, k, m, accumulate: false);
                for (int i = 0; i < m; i++)
                {
                    float* ci = pc + ((long)i * n);
                    for (int j = 0; j < n; j++)
                    {
                        ci[j] = accumulate ? ci[j] + ps[((long)j * m) + i] : ps[((long)j * m) + i];
                    }
                }
            }

            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            Run(pa, 1, m, pb, pc, m, k, n, accumulate);
        }
    }

    /// <summary>This thread's scratch buffer <paramref name="slot"/>, grown to at least <paramref name="needed"/> floats.</summary>
    private static float[] Scratch(ref float[]? slot, int needed)
    {
        var buffer = slot;
        if (buffer is null || buffer.Length < needed)
        {
            buffer = new float[Math.Max(needed, 1024)];
            slot = buffer;
        }

        return buffer;
    }

    private static void Check(int aLength, int bLength, int cLength, int m, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (aLength < (long)m * k || bLength < (long)k * n || cLength < (long)m * n)
        {
            throw new ArgumentException($"Spans too short for a {m}x{k} by {k}x{n} product (a {aLength}, b {bLength}, c {cLength}).");
        }
    }

    /// <summary>dst [cols, rows] = srcᵀ for row-major src [rows, cols], in cache-friendly tiles.</summary>
    internal static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        if (src.Length < (long)rows * cols || dst.Length < (long)rows * cols)
        {
            throw new ArgumentException($"Spans too short to transpose a {rows}x{cols} matrix.");
        }

        fixed (float* ps = src, pd = dst)
        {
            Transpose(ps, pd, rows, cols);
        }
    }

    /// <summary>
    /// Writes the transpose of row-major src [rows, cols] into dst [cols, rows]: 8×8 blocks in AVX registers where
    /// available (the weight transposes run once per forward pass), scalar for the edges.
    /// </summary>
    private static void Transpose(float* src, float* dst, int rows, int cols)
    {
        int r8 = 0, c8 = 0;
        if (Avx.IsSupported && !t_scalarOnly)
        {
            r8 = rows & ~7;
            c8 = cols & ~7;
            for (int r = 0; r < r8; r += 8)
            {
                for (int c = 0; c < c8; c += 8)
                {
                    Transpose8x8(src + ((long)r * cols) + c, cols, dst + ((long)c * rows) + r, rows);
                }
            }
        }

        // Edges: the columns right of the blocks for all rows, then the rows below them.
        TransposeScalar(src, dst, rows, cols, 0, r8, c8, cols);
        TransposeScalar(src, dst, rows, cols, r8, rows, 0, cols);
    }

    private static void TransposeScalar(float* src, float* dst, int rows, int cols, int r0, int r1, int c0, int c1)
    {
        for (int r = r0; r < r1; r++)
        {
            float* s = src + ((long)r * cols);
            for (int c = c0; c < c1; c++)
            {
                dst[((long)c * rows) + r] = s[c];
            }
        }
    }

    /// <summary>Transposes one 8×8 block (row strides <paramref name="srcStride"/> and <paramref name="dstStride"/>) with unpack/shuffle/permute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, int srcStride, float* d, int dstStride)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + srcStride);
        var r2 = Avx.LoadVector256(s + (2 * srcStride));
        var r3 = Avx.LoadVector256(s + (3 * srcStride));
        var r4 = Avx.LoadVector256(s + (4 * srcStride));
        var r5 = Avx.LoadVector256(s + (5 * srcStride));
        var r6 = Avx.LoadVector256(s + (6 * srcStride));
        var r7 = Avx.LoadVector256(s + (7 * srcStride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + (2 * dstStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + (3 * dstStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + (4 * dstStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + (5 * dstStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + (6 * dstStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + (7 * dstStride), Avx.Permute2x128(u3, u7, 0x31));
    }

    private static void Run(float* a, int aRowStride, int aColStride, float* b, float* c, int m, int k, int n, bool accumulate)
    {
        int threads = s_maxThreads;
        if (threads > 1 && m >= 8 && (long)m * n * k >= ParallelThreshold)
        {
            RunParallel(a, aRowStride, aColStride, b, c, m, k, n, accumulate, threads);
            return;
        }

        Block(a, aRowStride, aColStride, b, c, 0, m, k, n, accumulate);
    }

    /// <summary>
    /// Splits rows into blocks (multiples of four, so every thread runs the same kernels as a single-threaded call)
    /// and runs them in parallel. Kept separate from <see cref="Run"/> so the closure is only allocated here.
    /// </summary>
    private static void RunParallel(float* a, int aRowStride, int aColStride, float* b, float* c, int m, int k, int n, bool accumulate, int threads)
    {
        int blocks = Math.Min(threads, m / 4);
        int rowsPerBlock = (((m + blocks - 1) / blocks) + 3) & ~3;
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, blk =>
        {
            int start = blk * rowsPerBlock;
            int end = Math.Min(m, start + rowsPerBlock);
            if (start < end)
            {
                Block((float*)pa, aRowStride, aColStride, (float*)pb, (float*)pc, start, end, k, n, accumulate);
            }
        });
    }

    /// <summary>Rows [rowStart, rowEnd) of C, all columns.</summary>
    private static void Block(float* a, int aRs, int aCs, float* b, float* c, int rowStart, int rowEnd, int k, int n, bool acc)
    {
        if (t_scalarOnly)
        {
            ScalarColumns(a, aRs, aCs, b, c, n, rowStart, rowEnd, k, acc, 0);
            return;
        }

        // A final block of one or two rows (a recurrent step over two sequences, say) would waste half or more of the
        // 4-row kernels' work on repeated rows: give it the 2-row kernel, which keeps twelve accumulators busy.
        int tail = (rowEnd - rowStart) & 3;
        if (tail is 1 or 2 && n >= 48 && Vector256.IsHardwareAccelerated && !Vector512.IsHardwareAccelerated)
        {
            int split = rowEnd - tail;
            if (split > rowStart)
            {
                Columns(a, aRs, aCs, b, c, rowStart, split, k, n, acc, 0);
            }

            int j = 0;
            for (; j + 48 <= n; j += 48)
            {
                Kernel256x6TwoRows(a, aRs, aCs, b + j, c + j, n, split, rowEnd, k, acc);
            }

            Columns(a, aRs, aCs, b, c, split, rowEnd, k, n, acc, j);
            return;
        }

        Columns(a, aRs, aCs, b, c, rowStart, rowEnd, k, n, acc, 0);
    }

    /// <summary>Rows [rowStart, rowEnd) of C, columns [j, n): full-width kernels first, narrower ones for the tail.</summary>
    private static void Columns(float* a, int aRs, int aCs, float* b, float* c, int rowStart, int rowEnd, int k, int n, bool acc, int j)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 32 <= n; j += 32)
            {
                Kernel512x2(a, aRs, aCs, b + j, c + j, n, rowStart, rowEnd, k, acc);
            }

            for (; j + 16 <= n; j += 16)
            {
                Kernel512x1(a, aRs, aCs, b + j, c + j, n, rowStart, rowEnd, k, acc);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 24 <= n; j += 24)
            {
                Kernel256x3(a, aRs, aCs, b + j, c + j, n, rowStart, rowEnd, k, acc);
            }

            for (; j + 16 <= n; j += 16)
            {
                Kernel256x2(a, aRs, aCs, b + j, c + j, n, rowStart, rowEnd, k, acc);
            }

            for (; j + 8 <= n; j += 8)
            {
                Kernel256x1(a, aRs, aCs, b + j, c + j, n, rowStart, rowEnd, k, acc);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; j + 4 <= n; j += 4)
            {
                Kernel128x1(a, aRs, aCs, b + j, c + j, n, rowStart, rowEnd, k, acc);
            }
        }

        if (j < n)
        {
            ScalarColumns(a, aRs, aCs, b, c, n, rowStart, rowEnd, k, acc, j);
        }
    }

    // The 4-row kernels handle a short final row block by repeating its last row: the duplicates load the same
    // C values, compute the same sums and store them after all loads, so the result is unchanged.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512x2(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        int last = rowEnd - 1;
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            float* a0 = a + ((long)i * aRs), a1 = a + ((long)i1 * aRs), a2 = a + ((long)i2 * aRs), a3 = a + ((long)i3 * aRs);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            Vector512<float> s00, s01, s10, s11, s20, s21, s30, s31;
            if (acc)
            {
                s00 = Vector512.Load(c0); s01 = Vector512.Load(c0 + 16);
                s10 = Vector512.Load(c1); s11 = Vector512.Load(c1 + 16);
                s20 = Vector512.Load(c2); s21 = Vector512.Load(c2 + 16);
                s30 = Vector512.Load(c3); s31 = Vector512.Load(c3 + 16);
            }
            else
            {
                s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = Vector512<float>.Zero;
            }

            float* bp = b;
            for (int p = 0; p < k; p++, bp += n, a0 += aCs, a1 += aCs, a2 += aCs, a3 += aCs)
            {
                var b0 = Vector512.Load(bp);
                var b1 = Vector512.Load(bp + 16);
                var x = Vector512.Create(*a0);
                s00 = Vector512.MultiplyAddEstimate(x, b0, s00);
                s01 = Vector512.MultiplyAddEstimate(x, b1, s01);
                x = Vector512.Create(*a1);
                s10 = Vector512.MultiplyAddEstimate(x, b0, s10);
                s11 = Vector512.MultiplyAddEstimate(x, b1, s11);
                x = Vector512.Create(*a2);
                s20 = Vector512.MultiplyAddEstimate(x, b0, s20);
                s21 = Vector512.MultiplyAddEstimate(x, b1, s21);
                x = Vector512.Create(*a3);
                s30 = Vector512.MultiplyAddEstimate(x, b0, s30);
                s31 = Vector512.MultiplyAddEstimate(x, b1, s31);
            }

            s00.Store(c0); s01.Store(c0 + 16);
            s10.Store(c1); s11.Store(c1 + 16);
            s20.Store(c2); s21.Store(c2 + 16);
            s30.Store(c3); s31.Store(c3 + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512x1(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        int last = rowEnd - 1;
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            float* a0 = a + ((long)i * aRs), a1 = a + ((long)i1 * aRs), a2 = a + ((long)i2 * aRs), a3 = a + ((long)i3 * aRs);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            Vector512<float> s0, s1, s2, s3;
            if (acc)
            {
                s0 = Vector512.Load(c0); s1 = Vector512.Load(c1); s2 = Vector512.Load(c2); s3 = Vector512.Load(c3);
            }
            else
            {
                s0 = s1 = s2 = s3 = Vector512<float>.Zero;
            }

            float* bp = b;
            for (int p = 0; p < k; p++, bp += n, a0 += aCs, a1 += aCs, a2 += aCs, a3 += aCs)
            {
                var b0 = Vector512.Load(bp);
                s0 = Vector512.MultiplyAddEstimate(Vector512.Create(*a0), b0, s0);
                s1 = Vector512.MultiplyAddEstimate(Vector512.Create(*a1), b0, s1);
                s2 = Vector512.MultiplyAddEstimate(Vector512.Create(*a2), b0, s2);
                s3 = Vector512.MultiplyAddEstimate(Vector512.Create(*a3), b0, s3);
            }

            s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
        }
    }

    /// <summary>
    /// 4 rows × 24 columns: twelve accumulators, enough independent FMA chains to cover the FMA latency at two FMAs
    /// per cycle (the 4 × 16 tile's eight chains cannot), with 15 of the 16 AVX registers in use.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x3(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        int last = rowEnd - 1;
        float* bEnd = b + ((long)k * n);
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            long d1 = (long)(i1 - i) * aRs, d2 = (long)(i2 - i) * aRs, d3 = (long)(i3 - i) * aRs;
            float* ap = a + ((long)i * aRs);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            Vector256<float> s00, s01, s02, s10, s11, s12, s20, s21, s22, s30, s31, s32;
            if (acc)
            {
                s00 = Vector256.Load(c0); s01 = Vector256.Load(c0 + 8); s02 = Vector256.Load(c0 + 16);
                s10 = Vector256.Load(c1); s11 = Vector256.Load(c1 + 8); s12 = Vector256.Load(c1 + 16);
                s20 = Vector256.Load(c2); s21 = Vector256.Load(c2 + 8); s22 = Vector256.Load(c2 + 16);
                s30 = Vector256.Load(c3); s31 = Vector256.Load(c3 + 8); s32 = Vector256.Load(c3 + 16);
            }
            else
            {
                s00 = s01 = s02 = s10 = s11 = s12 = s20 = s21 = s22 = s30 = s31 = s32 = Vector256<float>.Zero;
            }

            for (float* bp = b; bp < bEnd; bp += n, ap += aCs)
            {
                var b0 = Vector256.Load(bp);
                var b1 = Vector256.Load(bp + 8);
                var b2 = Vector256.Load(bp + 16);
                var x = Vector256.Create(*ap);
                s00 = Vector256.MultiplyAddEstimate(x, b0, s00);
                s01 = Vector256.MultiplyAddEstimate(x, b1, s01);
                s02 = Vector256.MultiplyAddEstimate(x, b2, s02);
                x = Vector256.Create(ap[d1]);
                s10 = Vector256.MultiplyAddEstimate(x, b0, s10);
                s11 = Vector256.MultiplyAddEstimate(x, b1, s11);
                s12 = Vector256.MultiplyAddEstimate(x, b2, s12);
                x = Vector256.Create(ap[d2]);
                s20 = Vector256.MultiplyAddEstimate(x, b0, s20);
                s21 = Vector256.MultiplyAddEstimate(x, b1, s21);
                s22 = Vector256.MultiplyAddEstimate(x, b2, s22);
                x = Vector256.Create(ap[d3]);
                s30 = Vector256.MultiplyAddEstimate(x, b0, s30);
                s31 = Vector256.MultiplyAddEstimate(x, b1, s31);
                s32 = Vector256.MultiplyAddEstimate(x, b2, s32);
            }

            s00.Store(c0); s01.Store(c0 + 8); s02.Store(c0 + 16);
            s10.Store(c1); s11.Store(c1 + 8); s12.Store(c1 + 16);
            s20.Store(c2); s21.Store(c2 + 8); s22.Store(c2 + 16);
            s30.Store(c3); s31.Store(c3 + 8); s32.Store(c3 + 16);
        }
    }

    /// <summary>2 rows × 48 columns (twelve accumulators) for one- and two-row blocks; a single row is repeated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x6TwoRows(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        int i1 = Math.Min(rowStart + 1, rowEnd - 1);
        long d1 = (long)(i1 - rowStart) * aRs;
        float* ap = a + ((long)rowStart * aRs);
        float* c0 = c + ((long)rowStart * n), c1 = c + ((long)i1 * n);
        float* bEnd = b + ((long)k * n);
        Vector256<float> s00, s01, s02, s03, s04, s05, s10, s11, s12, s13, s14, s15;
        if (acc)
        {
            s00 = Vector256.Load(c0); s01 = Vector256.Load(c0 + 8); s02 = Vector256.Load(c0 + 16);
            s03 = Vector256.Load(c0 + 24); s04 = Vector256.Load(c0 + 32); s05 = Vector256.Load(c0 + 40);
            s10 = Vector256.Load(c1); s11 = Vector256.Load(c1 + 8); s12 = Vector256.Load(c1 + 16);
            s13 = Vector256.Load(c1 + 24); s14 = Vector256.Load(c1 + 32); s15 = Vector256.Load(c1 + 40);
        }
        else
        {
            s00 = s01 = s02 = s03 = s04 = s05 = s10 = s11 = s12 = s13 = s14 = s15 = Vector256<float>.Zero;
        }

        for (float* bp = b; bp < bEnd; bp += n, ap += aCs)
        {
            var x = Vector256.Create(*ap);
            var y = Vector256.Create(ap[d1]);
            var v = Vector256.Load(bp);
            s00 = Vector256.MultiplyAddEstimate(x, v, s00);
            s10 = Vector256.MultiplyAddEstimate(y, v, s10);
            v = Vector256.Load(bp + 8);
            s01 = Vector256.MultiplyAddEstimate(x, v, s01);
            s11 = Vector256.MultiplyAddEstimate(y, v, s11);
            v = Vector256.Load(bp + 16);
            s02 = Vector256.MultiplyAddEstimate(x, v, s02);
            s12 = Vector256.MultiplyAddEstimate(y, v, s12);
            v = Vector256.Load(bp + 24);
            s03 = Vector256.MultiplyAddEstimate(x, v, s03);
            s13 = Vector256.MultiplyAddEstimate(y, v, s13);
            v = Vector256.Load(bp + 32);
            s04 = Vector256.MultiplyAddEstimate(x, v, s04);
            s14 = Vector256.MultiplyAddEstimate(y, v, s14);
            v = Vector256.Load(bp + 40);
            s05 = Vector256.MultiplyAddEstimate(x, v, s05);
            s15 = Vector256.MultiplyAddEstimate(y, v, s15);
        }

        // Row 1 first: when the single row is repeated, row 0's values are the ones left (they are identical anyway).
        s10.Store(c1); s11.Store(c1 + 8); s12.Store(c1 + 16); s13.Store(c1 + 24); s14.Store(c1 + 32); s15.Store(c1 + 40);
        s00.Store(c0); s01.Store(c0 + 8); s02.Store(c0 + 16); s03.Store(c0 + 24); s04.Store(c0 + 32); s05.Store(c0 + 40);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x2(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        // The hottest kernel: one A pointer with constant row offsets and a B end pointer keep the inner loop at two
        // increments per k step.
        int last = rowEnd - 1;
        float* bEnd = b + ((long)k * n);
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            long d1 = (long)(i1 - i) * aRs, d2 = (long)(i2 - i) * aRs, d3 = (long)(i3 - i) * aRs;
            float* ap = a + ((long)i * aRs);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            Vector256<float> s00, s01, s10, s11, s20, s21, s30, s31;
            if (acc)
            {
                s00 = Vector256.Load(c0); s01 = Vector256.Load(c0 + 8);
                s10 = Vector256.Load(c1); s11 = Vector256.Load(c1 + 8);
                s20 = Vector256.Load(c2); s21 = Vector256.Load(c2 + 8);
                s30 = Vector256.Load(c3); s31 = Vector256.Load(c3 + 8);
            }
            else
            {
                s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = Vector256<float>.Zero;
            }

            for (float* bp = b; bp < bEnd; bp += n, ap += aCs)
            {
                var b0 = Vector256.Load(bp);
                var b1 = Vector256.Load(bp + 8);
                var x = Vector256.Create(*ap);
                s00 = Vector256.MultiplyAddEstimate(x, b0, s00);
                s01 = Vector256.MultiplyAddEstimate(x, b1, s01);
                x = Vector256.Create(ap[d1]);
                s10 = Vector256.MultiplyAddEstimate(x, b0, s10);
                s11 = Vector256.MultiplyAddEstimate(x, b1, s11);
                x = Vector256.Create(ap[d2]);
                s20 = Vector256.MultiplyAddEstimate(x, b0, s20);
                s21 = Vector256.MultiplyAddEstimate(x, b1, s21);
                x = Vector256.Create(ap[d3]);
                s30 = Vector256.MultiplyAddEstimate(x, b0, s30);
                s31 = Vector256.MultiplyAddEstimate(x, b1, s31);
            }

            s00.Store(c0); s01.Store(c0 + 8);
            s10.Store(c1); s11.Store(c1 + 8);
            s20.Store(c2); s21.Store(c2 + 8);
            s30.Store(c3); s31.Store(c3 + 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x1(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        int last = rowEnd - 1;
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            float* a0 = a + ((long)i * aRs), a1 = a + ((long)i1 * aRs), a2 = a + ((long)i2 * aRs), a3 = a + ((long)i3 * aRs);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            Vector256<float> s0, s1, s2, s3;
            if (acc)
            {
                s0 = Vector256.Load(c0); s1 = Vector256.Load(c1); s2 = Vector256.Load(c2); s3 = Vector256.Load(c3);
            }
            else
            {
                s0 = s1 = s2 = s3 = Vector256<float>.Zero;
            }

            float* bp = b;
            for (int p = 0; p < k; p++, bp += n, a0 += aCs, a1 += aCs, a2 += aCs, a3 += aCs)
            {
                var b0 = Vector256.Load(bp);
                s0 = Vector256.MultiplyAddEstimate(Vector256.Create(*a0), b0, s0);
                s1 = Vector256.MultiplyAddEstimate(Vector256.Create(*a1), b0, s1);
                s2 = Vector256.MultiplyAddEstimate(Vector256.Create(*a2), b0, s2);
                s3 = Vector256.MultiplyAddEstimate(Vector256.Create(*a3), b0, s3);
            }

            s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
        }
    }

    /// <summary>Four columns (one 128-bit vector) for narrow outputs such as a 4-feature first layer's gradients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128x1(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc)
    {
        int last = rowEnd - 1;
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            float* a0 = a + ((long)i * aRs), a1 = a + ((long)i1 * aRs), a2 = a + ((long)i2 * aRs), a3 = a + ((long)i3 * aRs);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            Vector128<float> s0, s1, s2, s3;
            if (acc)
            {
                s0 = Vector128.Load(c0); s1 = Vector128.Load(c1); s2 = Vector128.Load(c2); s3 = Vector128.Load(c3);
            }
            else
            {
                s0 = s1 = s2 = s3 = Vector128<float>.Zero;
            }

            float* bp = b;
            for (int p = 0; p < k; p++, bp += n, a0 += aCs, a1 += aCs, a2 += aCs, a3 += aCs)
            {
                var b0 = Vector128.Load(bp);
                s0 = Vector128.MultiplyAddEstimate(Vector128.Create(*a0), b0, s0);
                s1 = Vector128.MultiplyAddEstimate(Vector128.Create(*a1), b0, s1);
                s2 = Vector128.MultiplyAddEstimate(Vector128.Create(*a2), b0, s2);
                s3 = Vector128.MultiplyAddEstimate(Vector128.Create(*a3), b0, s3);
            }

            s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
        }
    }

    /// <summary>
    /// C[i, j] (+)= A[i, :]·B[j, :] for row-major A [m, k] and B [n, k]: a 2-row × 4-row tile of vector dot products
    /// (a short final row block repeats its last row, as in the other kernels).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows(float* a, float* b, float* c, int m, int k, int n, bool acc)
    {
        int kv = k & ~7;
        for (int i = 0; i < m; i += 2)
        {
            int i1 = Math.Min(i + 1, m - 1);
            float* ai = a + ((long)i * k), ak = a + ((long)i1 * k);
            float* ci = c + ((long)i * n), ck = c + ((long)i1 * n);
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                float* b0 = b + ((long)j * k), b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
                int p = 0;
                for (; p < kv; p += 8)
                {
                    var x = Vector256.Load(ai + p);
                    var y = Vector256.Load(ak + p);
                    var v = Vector256.Load(b0 + p);
                    s0 = Vector256.MultiplyAddEstimate(x, v, s0);
                    t0 = Vector256.MultiplyAddEstimate(y, v, t0);
                    v = Vector256.Load(b1 + p);
                    s1 = Vector256.MultiplyAddEstimate(x, v, s1);
                    t1 = Vector256.MultiplyAddEstimate(y, v, t1);
                    v = Vector256.Load(b2 + p);
                    s2 = Vector256.MultiplyAddEstimate(x, v, s2);
                    t2 = Vector256.MultiplyAddEstimate(y, v, t2);
                    v = Vector256.Load(b3 + p);
                    s3 = Vector256.MultiplyAddEstimate(x, v, s3);
                    t3 = Vector256.MultiplyAddEstimate(y, v, t3);
                }

                float r0 = Vector256.Sum(s0), r1 = Vector256.Sum(s1), r2 = Vector256.Sum(s2), r3 = Vector256.Sum(s3);
                float q0 = Vector256.Sum(t0), q1 = Vector256.Sum(t1), q2 = Vector256.Sum(t2), q3 = Vector256.Sum(t3);
                for (; p < k; p++)
                {
                    float x = ai[p], y = ak[p];
                    r0 = MathF.FusedMultiplyAdd(x, b0[p], r0);
                    r1 = MathF.FusedMultiplyAdd(x, b1[p], r1);
                    r2 = MathF.FusedMultiplyAdd(x, b2[p], r2);
                    r3 = MathF.FusedMultiplyAdd(x, b3[p], r3);
                    q0 = MathF.FusedMultiplyAdd(y, b0[p], q0);
                    q1 = MathF.FusedMultiplyAdd(y, b1[p], q1);
                    q2 = MathF.FusedMultiplyAdd(y, b2[p], q2);
                    q3 = MathF.FusedMultiplyAdd(y, b3[p], q3);
                }

                if (acc)
                {
                    r0 += ci[j]; r1 += ci[j + 1]; r2 += ci[j + 2]; r3 += ci[j + 3];
                    q0 += ck[j]; q1 += ck[j + 1]; q2 += ck[j + 2]; q3 += ck[j + 3];
                }

                ci[j] = r0; ci[j + 1] = r1; ci[j + 2] = r2; ci[j + 3] = r3;
                ck[j] = q0; ck[j + 1] = q1; ck[j + 2] = q2; ck[j + 3] = q3;
            }

            for (; j < n; j++)
            {
                float* bj = b + ((long)j * k);
                var s = Vector256<float>.Zero;
                var t = Vector256<float>.Zero;
                int p = 0;
                for (; p < kv; p += 8)
                {
                    var v = Vector256.Load(bj + p);
                    s = Vector256.MultiplyAddEstimate(Vector256.Load(ai + p), v, s);
                    t = Vector256.MultiplyAddEstimate(Vector256.Load(ak + p), v, t);
                }

                float r = Vector256.Sum(s), q = Vector256.Sum(t);
                for (; p < k; p++)
                {
                    r = MathF.FusedMultiplyAdd(ai[p], bj[p], r);
                    q = MathF.FusedMultiplyAdd(ak[p], bj[p], q);
                }

                if (acc)
                {
                    r += ci[j];
                    q += ck[j];
                }

                ci[j] = r;
                ck[j] = q;
            }
        }
    }

    /// <summary>
    /// Columns [j0, n) for tails narrower than a vector (or no SIMD): each C element is summed in a register, four
    /// rows at a time (short final blocks repeat their last row, as in the vector kernels) for independent chains.
    /// </summary>
    private static void ScalarColumns(float* a, int aRs, int aCs, float* b, float* c, int n, int rowStart, int rowEnd, int k, bool acc, int j0)
    {
        int last = rowEnd - 1;
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int i1 = Math.Min(i + 1, last), i2 = Math.Min(i + 2, last), i3 = Math.Min(i + 3, last);
            float* c0 = c + ((long)i * n), c1 = c + ((long)i1 * n), c2 = c + ((long)i2 * n), c3 = c + ((long)i3 * n);
            for (int j = j0; j < n; j++)
            {
                float* a0 = a + ((long)i * aRs), a1 = a + ((long)i1 * aRs), a2 = a + ((long)i2 * aRs), a3 = a + ((long)i3 * aRs);
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                if (acc)
                {
                    s0 = c0[j]; s1 = c1[j]; s2 = c2[j]; s3 = c3[j];
                }

                float* bp = b + j;
                for (int p = 0; p < k; p++, bp += n, a0 += aCs, a1 += aCs, a2 += aCs, a3 += aCs)
                {
                    float x = *bp;
                    s0 = MathF.FusedMultiplyAdd(*a0, x, s0);
                    s1 = MathF.FusedMultiplyAdd(*a1, x, s1);
                    s2 = MathF.FusedMultiplyAdd(*a2, x, s2);
                    s3 = MathF.FusedMultiplyAdd(*a3, x, s3);
                }

                c0[j] = s0; c1[j] = s1; c2[j] = s2; c3[j] = s3;
            }
        }
    }
}
