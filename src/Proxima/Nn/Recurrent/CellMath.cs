using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Proxima.Nn.Recurrent;

/// <summary>
/// The element-wise gate arithmetic of one LSTM or GRU row, forward and backward, fused into a single vectorized pass
/// over the hidden units (rather than one library call per gate), since BPTT runs it for every row of every step.
/// Vector lanes and the scalar tail perform the same operations in the same order, so a unit's result does not depend
/// on its position. Gate rows hold the activated gates after the forward pass; the backward pass reads them.
/// </summary>
internal static class CellMath
{
    /// <summary>
    /// LSTM forward for one row: activates the pre-activations in <paramref name="gates"/> [i, f, g, o] (each
    /// <paramref name="h"/> wide) in place, and writes c' = f·c + i·g, tanh(c') and h' = o·tanh(c').
    /// </summary>
    public static void LstmForward(Span<float> gates, ReadOnlySpan<float> cellPrev, Span<float> cell, Span<float> tanhCell, Span<float> hidden, int h)
    {
        CheckLengths(gates.Length, 4 * h, cellPrev.Length, cell.Length, tanhCell.Length, hidden.Length, h);
        ref float gr = ref MemoryMarshal.GetReference(gates);
        ref float cpr = ref MemoryMarshal.GetReference(cellPrev);
        ref float cr = ref MemoryMarshal.GetReference(cell);
        ref float tcr = ref MemoryMarshal.GetReference(tanhCell);
        ref float hr = ref MemoryMarshal.GetReference(hidden);
        nuint uh = (nuint)h;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= h - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint u = (nuint)j;
                var i = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, u));
                var f = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, u + uh));
                var g = FastMath.Tanh(Vector256.LoadUnsafe(ref gr, u + (2 * uh)));
                var o = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, u + (3 * uh)));
                var c = Vector256.FusedMultiplyAdd(i, g, f * Vector256.LoadUnsafe(ref cpr, u));
                var tc = FastMath.Tanh(c);
                i.StoreUnsafe(ref gr, u);
                f.StoreUnsafe(ref gr, u + uh);
                g.StoreUnsafe(ref gr, u + (2 * uh));
                o.StoreUnsafe(ref gr, u + (3 * uh));
                c.StoreUnsafe(ref cr, u);
                tc.StoreUnsafe(ref tcr, u);
                (o * tc).StoreUnsafe(ref hr, u);
            }
        }

        for (; j < h; j++)
        {
            ref float gi = ref Unsafe.Add(ref gr, j);
            ref float gf = ref Unsafe.Add(ref gi, h);
            ref float gg = ref Unsafe.Add(ref gf, h);
            ref float go = ref Unsafe.Add(ref gg, h);
            gi = FastMath.Sigmoid(gi);
            gf = FastMath.Sigmoid(gf);
            gg = FastMath.Tanh(gg);
            go = FastMath.Sigmoid(go);
            float c = MathF.FusedMultiplyAdd(gi, gg, gf * Unsafe.Add(ref cpr, j));
            float tc = FastMath.Tanh(c);
            Unsafe.Add(ref cr, j) = c;
            Unsafe.Add(ref tcr, j) = tc;
            Unsafe.Add(ref hr, j) = go * tc;
        }
    }

    /// <summary>
    /// LSTM backward for one row: from the output gradient <paramref name="gradOut"/>, the recurrent gradients
    /// <paramref name="gradH"/>/<paramref name="gradC"/> flowing back from the next step (dc is updated in place to the
    /// gradient for the previous cell), writes the pre-activation gate gradients <paramref name="gradGates"/>.
    /// </summary>
    public static void LstmBackward(
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> tanhCell,
        ReadOnlySpan<float> cellPrev,
        ReadOnlySpan<float> gradOut,
        ReadOnlySpan<float> gradH,
        Span<float> gradC,
        Span<float> gradGates,
        int h)
    {
        CheckLengths(gates.Length, 4 * h, tanhCell.Length, cellPrev.Length, gradOut.Length, gradH.Length, h);
        CheckLengths(gradGates.Length, 4 * h, gradC.Length, h, h, h, h);
        ref float gr = ref MemoryMarshal.GetReference(gates);
        ref float tcr = ref MemoryMarshal.GetReference(tanhCell);
        ref float cpr = ref MemoryMarshal.GetReference(cellPrev);
        ref float dor = ref MemoryMarshal.GetReference(gradOut);
        ref float dhr = ref MemoryMarshal.GetReference(gradH);
        ref float dcr = ref MemoryMarshal.GetReference(gradC);
        ref float dgr = ref MemoryMarshal.GetReference(gradGates);
        nuint uh = (nuint)h;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; j <= h - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint u = (nuint)j;
                var i = Vector256.LoadUnsafe(ref gr, u);
                var f = Vector256.LoadUnsafe(ref gr, u + uh);
                var g = Vector256.LoadUnsafe(ref gr, u + (2 * uh));
                var o = Vector256.LoadUnsafe(ref gr, u + (3 * uh));
                var tc = Vector256.LoadUnsafe(ref tcr, u);
                var dh = Vector256.LoadUnsafe(ref dor, u) + Vector256.LoadUnsafe(ref dhr, u);
                var dc = Vector256.LoadUnsafe(ref dcr, u) + (dh * o * (one - (tc * tc)));
                (dc * g * i * (one - i)).StoreUnsafe(ref dgr, u);
                (dc * Vector256.LoadUnsafe(ref cpr, u) * f * (one - f)).StoreUnsafe(ref dgr, u + uh);
                (dc * i * (one - (g * g))).StoreUnsafe(ref dgr, u + (2 * uh));
                (dh * tc * o * (one - o)).StoreUnsafe(ref dgr, u + (3 * uh));
                (dc * f).StoreUnsafe(ref dcr, u);
            }
        }

        for (; j < h; j++)
        {
            float i = Unsafe.Add(ref gr, j), f = Unsafe.Add(ref gr, j + h), g = Unsafe.Add(ref gr, j + (2 * h));
            float o = Unsafe.Add(ref gr, j + (3 * h)), tc = Unsafe.Add(ref tcr, j);
            float dh = Unsafe.Add(ref dor, j) + Unsafe.Add(ref dhr, j);
            float dc = Unsafe.Add(ref dcr, j) + (dh * o * (1f - (tc * tc)));
            Unsafe.Add(ref dgr, j) = dc * g * i * (1f - i);
            Unsafe.Add(ref dgr, j + h) = dc * Unsafe.Add(ref cpr, j) * f * (1f - f);
            Unsafe.Add(ref dgr, j + (2 * h)) = dc * i * (1f - (g * g));
            Unsafe.Add(ref dgr, j + (3 * h)) = dh * tc * o * (1f - o);
            Unsafe.Add(ref dcr, j) = dc * f;
        }
    }

    /// <summary>
    /// GRU forward for one row: <paramref name="gates"/> holds the input projection [r, z, n] (with b_ih) and
    /// <paramref name="hiddenProj"/> the hidden projection (with b_hh); r and z are activated in place, n becomes
    /// tanh(x_n + r·(U_n·h + b_hn)), and h' = n + z·(h − n).
    /// </summary>
    public static void GruForward(Span<float> gates, ReadOnlySpan<float> hiddenProj, ReadOnlySpan<float> hiddenPrev, Span<float> hidden, int h)
    {
        CheckLengths(gates.Length, 3 * h, hiddenPrev.Length, hidden.Length, h, h, h);
        CheckLengths(hiddenProj.Length, 3 * h, h, h, h, h, h);
        ref float gr = ref MemoryMarshal.GetReference(gates);
        ref float pr = ref MemoryMarshal.GetReference(hiddenProj);
        ref float hpr = ref MemoryMarshal.GetReference(hiddenPrev);
        ref float hr = ref MemoryMarshal.GetReference(hidden);
        nuint uh = (nuint)h;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= h - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint u = (nuint)j;
                var r = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, u) + Vector256.LoadUnsafe(ref pr, u));
                var z = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, u + uh) + Vector256.LoadUnsafe(ref pr, u + uh));
                var n = FastMath.Tanh(Vector256.FusedMultiplyAdd(r, Vector256.LoadUnsafe(ref pr, u + (2 * uh)), Vector256.LoadUnsafe(ref gr, u + (2 * uh))));
                r.StoreUnsafe(ref gr, u);
                z.StoreUnsafe(ref gr, u + uh);
                n.StoreUnsafe(ref gr, u + (2 * uh));
                Vector256.FusedMultiplyAdd(z, Vector256.LoadUnsafe(ref hpr, u) - n, n).StoreUnsafe(ref hr, u);
            }
        }

        for (; j < h; j++)
        {
            ref float gr0 = ref Unsafe.Add(ref gr, j);
            ref float gz = ref Unsafe.Add(ref gr0, h);
            ref float gn = ref Unsafe.Add(ref gz, h);
            float r = FastMath.Sigmoid(gr0 + Unsafe.Add(ref pr, j));
            float z = FastMath.Sigmoid(gz + Unsafe.Add(ref pr, j + h));
            float n = FastMath.Tanh(MathF.FusedMultiplyAdd(r, Unsafe.Add(ref pr, j + (2 * h)), gn));
            gr0 = r;
            gz = z;
            gn = n;
            Unsafe.Add(ref hr, j) = MathF.FusedMultiplyAdd(z, Unsafe.Add(ref hpr, j) - n, n);
        }
    }

    /// <summary>
    /// GRU backward for one row: writes the gradients of the input-side pre-activations <paramref name="gradInputGates"/>
    /// [r, z, n], of the hidden-side ones <paramref name="gradHiddenGates"/> (the n block scaled by r), and replaces
    /// <paramref name="gradH"/> (the recurrent gradient from the next step) with its direct part dh·z.
    /// </summary>
    public static void GruBackward(
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> hiddenProjN,
        ReadOnlySpan<float> hiddenPrev,
        ReadOnlySpan<float> gradOut,
        Span<float> gradH,
        Span<float> gradInputGates,
        Span<float> gradHiddenGates,
        int h)
    {
        CheckLengths(gates.Length, 3 * h, hiddenProjN.Length, hiddenPrev.Length, gradOut.Length, gradH.Length, h);
        CheckLengths(gradInputGates.Length, 3 * h, h, h, h, h, h);
        CheckLengths(gradHiddenGates.Length, 3 * h, h, h, h, h, h);
        ref float gr = ref MemoryMarshal.GetReference(gates);
        ref float pnr = ref MemoryMarshal.GetReference(hiddenProjN);
        ref float hpr = ref MemoryMarshal.GetReference(hiddenPrev);
        ref float dor = ref MemoryMarshal.GetReference(gradOut);
        ref float dhr = ref MemoryMarshal.GetReference(gradH);
        ref float dxr = ref MemoryMarshal.GetReference(gradInputGates);
        ref float dhgr = ref MemoryMarshal.GetReference(gradHiddenGates);
        nuint uh = (nuint)h;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; j <= h - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint u = (nuint)j;
                var r = Vector256.LoadUnsafe(ref gr, u);
                var z = Vector256.LoadUnsafe(ref gr, u + uh);
                var n = Vector256.LoadUnsafe(ref gr, u + (2 * uh));
                var dh = Vector256.LoadUnsafe(ref dor, u) + Vector256.LoadUnsafe(ref dhr, u);
                var dan = dh * (one - z) * (one - (n * n));
                var daz = dh * (Vector256.LoadUnsafe(ref hpr, u) - n) * z * (one - z);
                var dar = dan * Vector256.LoadUnsafe(ref pnr, u) * r * (one - r);
                dar.StoreUnsafe(ref dxr, u);
                daz.StoreUnsafe(ref dxr, u + uh);
                dan.StoreUnsafe(ref dxr, u + (2 * uh));
                dar.StoreUnsafe(ref dhgr, u);
                daz.StoreUnsafe(ref dhgr, u + uh);
                (dan * r).StoreUnsafe(ref dhgr, u + (2 * uh));
                (dh * z).StoreUnsafe(ref dhr, u);
            }
        }

        for (; j < h; j++)
        {
            float r = Unsafe.Add(ref gr, j), z = Unsafe.Add(ref gr, j + h), n = Unsafe.Add(ref gr, j + (2 * h));
            float dh = Unsafe.Add(ref dor, j) + Unsafe.Add(ref dhr, j);
            float dan = dh * (1f - z) * (1f - (n * n));
            float daz = dh * (Unsafe.Add(ref hpr, j) - n) * z * (1f - z);
            float dar = dan * Unsafe.Add(ref pnr, j) * r * (1f - r);
            Unsafe.Add(ref dxr, j) = dar;
            Unsafe.Add(ref dxr, j + h) = daz;
            Unsafe.Add(ref dxr, j + (2 * h)) = dan;
            Unsafe.Add(ref dhgr, j) = dar;
            Unsafe.Add(ref dhgr, j + h) = daz;
            Unsafe.Add(ref dhgr, j + (2 * h)) = dan * r;
            Unsafe.Add(ref dhr, j) = dh * z;
        }
    }

    private static void CheckLengths(int wide, int wideNeeded, int a, int b, int c, int d, int h)
    {
        if (wide < wideNeeded || a < h || b < h || c < h || d < h)
        {
            throw new ArgumentException($"Row spans too short for {h} hidden units.");
        }
    }
}
