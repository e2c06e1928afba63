using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

public class GemmTests
{
    private static readonly int[] Sizes = [1, 3, 7, 17, 33, 65, 130];

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in Sizes)
        {
            foreach (int n in Sizes)
            {
                foreach (int k in new[] { 1, 7, 33, 130 })
                {
                    data.Add(m, k, n);
                }
            }
        }

        return data;
    }

    private enum Op
    {
        Plain,
        TransA,
        TransB,
    }

    /// <summary>Runs one variant on fresh random data and compares every element (and the untouched tail) with a double reference.</summary>
    private static void Compare(Op op, int m, int k, int n, bool accumulate, ulong seed)
    {
        var rng = new Pcg64(seed);
        var a = new float[(m * k) + 5];
        var b = new float[(k * n) + 5];
        var c = new float[(m * n) + 5];
        NnTestUtil.Fill(a, rng);
        NnTestUtil.Fill(b, rng);
        NnTestUtil.Fill(c, rng);
        var c0 = (float[])c.Clone();

        // Logical A(i, p) and B(p, j) for each storage layout.
        float A(int i, int p) => op == Op.TransA ? a[(p * m) + i] : a[(i * k) + p];
        float B(int p, int j) => op == Op.TransB ? b[(j * k) + p] : b[(p * n) + j];

        switch (op)
        {
            case Op.Plain:
                Gemm.MatMul(a, b, c, m, k, n, accumulate);
                break;
            case Op.TransA:
                Gemm.MatMulTransA(a, b, c, m, k, n, accumulate);
                break;
            default:
                Gemm.MatMulTransB(a, b, c, m, k, n, accumulate);
                break;
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c0[(i * n) + j] : 0.0;
                double mag = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double t = (double)A(i, p) * B(p, j);
                    sum += t;
                    mag += Math.Abs(t);
                }

                double got = c[(i * n) + j];
                Assert.True(Math.Abs(got - sum) <= 1e-6 + (4e-7 * Math.Sqrt(k + 1) * mag), $"{op} {m}x{k}x{n} acc={accumulate} C[{i},{j}] = {got}, expected {sum}");
            }
        }

        for (int t = m * n; t < c.Length; t++)
        {
            Assert.Equal(c0[t], c[t]);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesNaiveDoubleReference(int m, int k, int n)
    {
        ulong seed = (ulong)((m * 1000003) + (k * 1009) + n);
        foreach (var op in new[] { Op.Plain, Op.TransA, Op.TransB })
        {
            Compare(op, m, k, n, accumulate: false, seed);
            Compare(op, m, k, n, accumulate: true, seed + 1);
        }
    }

    [Theory]
    [InlineData(1, 7, 3)]
    [InlineData(17, 33, 65)]
    [InlineData(33, 130, 17)]
    public void ScalarFallbackMatchesNaiveDoubleReference(int m, int k, int n)
    {
        Gemm.t_scalarOnly = true;
        try
        {
            foreach (var op in new[] { Op.Plain, Op.TransA, Op.TransB })
            {
                Compare(op, m, k, n, accumulate: false, 77);
                Compare(op, m, k, n, accumulate: true, 78);
            }
        }
        finally
        {
            Gemm.t_scalarOnly = false;
        }
    }

    [Fact]
    public void ZeroInnerDimensionClearsOrKeeps()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.MatMul([], [], c, 2, 0, 2, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f], c);
        Gemm.MatMulTransB([], [], c, 2, 0, 2);
        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Fact]
    public void ThreadedProductsAreIdenticalToSingleThreaded()
    {
        const int m = 130, k = 129, n = 97;
        var rng = new Pcg64(21);
        var a = new float[m * k];
        var b = new float[k * n];
        NnTestUtil.Fill(a, rng);
        NnTestUtil.Fill(b, rng);
        var single = new float[m * n];
        var multi = new float[m * n];
        Gemm.MatMul(a, b, single, m, k, n);
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = 2;
            Gemm.MatMul(a, b, multi, m, k, n);
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }

        Assert.Equal(single, multi);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
    }

    [Fact]
    public void RejectsShortSpans()
    {
        Assert.Throws<ArgumentException>(() => Gemm.MatMul(new float[5], new float[6], new float[6], 2, 3, 2));
    }

    [Fact]
    public void DoesNotAllocateOnceWarm()
    {
        var a = new float[64 * 64];
        var b = new float[64 * 64];
        var c = new float[64 * 64];
        Gemm.MatMulTransB(a, b, c, 64, 64, 64);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Gemm.MatMul(a, b, c, 64, 64, 64);
            Gemm.MatMulTransA(a, b, c, 64, 64, 64, accumulate: true);
            Gemm.MatMulTransB(a, b, c, 64, 64, 64);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 8)]
    [InlineData(7, 9)]
    [InlineData(16, 24)]
    [InlineData(33, 17)]
    [InlineData(256, 64)]
    public void TransposeMatchesDefinitionWithVectorBlocksAndScalarEdges(int rows, int cols)
    {
        var src = new float[rows * cols];
        NnTestUtil.Fill(src, new Pcg64(7));
        var dst = new float[(rows * cols) + 3];
        dst.AsSpan().Fill(float.NaN);
        Gemm.Transpose(src, dst, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                Assert.Equal(src[(r * cols) + c], dst[(c * rows) + r]);
            }
        }

        Assert.True(dst.AsSpan(rows * cols).ToArray().All(float.IsNaN), "wrote past the end");
    }

    [Fact]
    public void NarrowProductsDoNotAllocateOnceWarm()
    {
        var a = new float[256 * 64];
        var b = new float[256 * 4];
        var c = new float[256 * 4];
        Gemm.MatMul(a, b, c, 256, 64, 3);
        Gemm.MatMulTransA(a, b, c, 64, 256, 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Gemm.MatMul(a, b, c, 256, 64, 3);
            Gemm.MatMulTransA(a, b, c, 64, 256, 3, accumulate: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(64, 256)]
    [InlineData(256, 64)]
    [InlineData(33, 100)]
    [InlineData(7, 48)]
    public void EveryRowIsBitIdenticalWhateverTheRowCount(int k, int n)
    {
        // Recurrent layers rely on this: a sequence's per-step product must not depend on how many sequences share it.
        const int maxRows = 11;
        var rng = new Pcg64(12);
        var a = new float[maxRows * k];
        var b = new float[k * n];
        var c0 = new float[maxRows * n];
        NnTestUtil.Fill(a, rng);
        NnTestUtil.Fill(b, rng);
        NnTestUtil.Fill(c0, rng);
        foreach (bool accumulate in new[] { false, true })
        {
            var reference = (float[])c0.Clone();
            Gemm.MatMul(a, b, reference, maxRows, k, n, accumulate);
            for (int m = 1; m < maxRows; m++)
            {
                var c = (float[])c0.Clone();
                Gemm.MatMul(a, b, c, m, k, n, accumulate);
                Assert.Equal(reference.AsSpan(0, m * n).ToArray(), c.AsSpan(0, m * n).ToArray());
                Assert.Equal(c0.AsSpan(m * n).ToArray(), c.AsSpan(m * n).ToArray());
            }
        }
    }
}
