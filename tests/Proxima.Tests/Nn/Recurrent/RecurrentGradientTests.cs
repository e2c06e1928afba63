using Proxima.Nn;
using Proxima.Nn.Recurrent;
using Proxima.Random;

namespace Proxima.Tests.Nn.Recurrent;

public class RecurrentGradientTests
{
    internal static RecurrentModule Create(string kind, int input, int hidden, int layers) =>
        kind == "lstm" ? new Lstm(input, hidden, layers) : new Gru(input, hidden, layers);

    // Hidden 4 runs the cells' scalar path only; 11 runs one 8-wide vector block plus a scalar tail.
    [Theory]
    [InlineData("lstm", 1, 4)]
    [InlineData("lstm", 2, 4)]
    [InlineData("lstm", 1, 11)]
    [InlineData("gru", 1, 4)]
    [InlineData("gru", 2, 4)]
    [InlineData("gru", 1, 11)]
    public void BpttMatchesFiniteDifferencesThroughResets(string kind, int layers, int hidden)
    {
        const int steps = 4, batch = 3, inSize = 3;
        var rng = new Pcg64(30);
        var m = Create(kind, inSize, hidden, layers);
        foreach (var p in m.OwnParameters())
        {
            Init.Uniform(p, -0.6, 0.6, rng);
        }

        var x = NnTestUtil.Random(rng, steps * batch, inSize);
        var init = new float[batch * m.StateSize];
        NnTestUtil.Fill(init, rng, 0.8);
        var starts = new bool[steps * batch];
        starts[(0 * batch) + 2] = true; // sequence 2 ignores its initial state
        starts[(2 * batch) + 0] = true; // sequence 0 restarts before step 2
        var final = new float[batch * m.StateSize];

        var y = m.Forward(x, steps, init, starts, final);
        var r = NnTestUtil.Random(rng, y.Rows, y.RowSize);
        foreach (var p in m.OwnParameters())
        {
            p.Grad.Clear();
        }

        var dx = m.Backward(r).Span.ToArray();
        var dInit = m.GradInitialState.Span.ToArray();
        var named = m.NamedParameters().ToList();
        var dParams = named.Select(n => n.Parameter.Grad.ToArray()).ToList();

        double Loss() => NnTestUtil.Dot(r.Span, m.Forward(x, steps, init, starts, final).Span);
        const float eps = 1e-2f;
        const double abs = 2e-3, rel = 1e-2;

        for (int i = 0; i < x.Length; i++)
        {
            NnTestUtil.AssertClose(NnTestUtil.Central(x.Span, i, eps, Loss), dx[i], abs, rel, $"input[{i}]");
        }

        for (int i = 0; i < init.Length; i++)
        {
            NnTestUtil.AssertClose(NnTestUtil.Central(init, i, eps, Loss), dInit[i], abs, rel, $"initialState[{i}]");
        }

        // Row 2 is reset before step 0: its initial state must not matter at all.
        for (int i = 2 * m.StateSize; i < 3 * m.StateSize; i++)
        {
            Assert.Equal(0f, dInit[i]);
        }

        for (int k = 0; k < named.Count; k++)
        {
            var (name, p) = named[k];
            for (int i = 0; i < p.Length; i++)
            {
                NnTestUtil.AssertClose(NnTestUtil.Central(p.Value, i, eps, Loss), dParams[k][i], abs, rel, $"{name}[{i}]");
            }
        }
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void ParameterGradientsAccumulate(string kind)
    {
        var rng = new Pcg64(31);
        var m = Create(kind, 2, 3, 1);
        RecurrentInit.Uniform(m, rng);
        var x = NnTestUtil.Random(rng, 6, 2);
        var g = NnTestUtil.Random(rng, 6, 3);
        m.Forward(x, 3, default, default, default);
        m.Backward(g);
        var once = m.WeightHh(0).Grad.ToArray();
        m.Backward(g);
        var twice = m.WeightHh(0).Grad.ToArray();
        for (int i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], twice[i], 5);
        }

        Assert.Contains(once, v => v != 0f);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void ForwardAndBackwardDoNotAllocateOnceWarm(string kind)
    {
        const int steps = 16, batch = 8;
        var rng = new Pcg64(32);
        var m = Create(kind, 5, 32, 2);
        RecurrentInit.Orthogonal(m, rng);
        var x = NnTestUtil.Random(rng, steps * batch, 5);
        var g = NnTestUtil.Random(rng, steps * batch, 32);
        var init = new float[batch * m.StateSize];
        var final = new float[batch * m.StateSize];
        var starts = new bool[steps * batch];
        starts[17] = true;
        m.Forward(x, steps, init, starts, final);
        m.Backward(g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            m.Forward(x, steps, init, starts, final);
            m.Backward(g);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
