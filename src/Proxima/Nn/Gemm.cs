namespace Proxima.Nn;

/// <summary>
/// Row-major single-precision matrix products, including the transposed variants backpropagation needs.
/// Every routine either overwrites <c>c</c> or, with <c>accumulate</c>, adds into it.
/// </summary>
public static class Gemm
{
    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void MatMul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = a[(i * k) + p];
                var bRow = b.Slice(p * n, n);
                for (int j = 0; j < n; j++)
                {
                    cRow[j] += aip * bRow[j];
                }
            }
        }
    }

    /// <summary>C[m,n] (+)= A[m,k] · B[n,k]ᵀ.</summary>
    public static void MatMulTransB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                var bRow = b.Slice(j * k, k);
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    sum += aRow[p] * bRow[p];
                }

                c[(i * n) + j] = accumulate ? c[(i * n) + j] + sum : sum;
            }
        }
    }

    /// <summary>C[m,n] (+)= A[k,m]ᵀ · B[k,n].</summary>
    public static void MatMulTransA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int p = 0; p < k; p++)
        {
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                float api = a[(p * m) + i];
                var cRow = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    cRow[j] += api * bRow[j];
                }
            }
        }
    }
}
