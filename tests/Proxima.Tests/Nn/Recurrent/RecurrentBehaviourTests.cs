using Proxima.Nn;
using Proxima.Nn.Recurrent;
using Proxima.Random;

namespace Proxima.Tests.Nn.Recurrent;

public class RecurrentBehaviourTests
{
    private static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));

    [Fact]
    public void ParameterNamesAndShapesFollowPyTorch()
    {
        var lstm = new Lstm(5, 7, 2);
        var names = lstm.NamedParameters("lstm.").Select(p => $"{p.Name}:{string.Join("x", p.Parameter.Shape)}").ToArray();
        Assert.Equal(
            [
                "lstm.weight_ih_l0:28x5", "lstm.weight_hh_l0:28x7", "lstm.bias_ih_l0:28", "lstm.bias_hh_l0:28",
                "lstm.weight_ih_l1:28x7", "lstm.weight_hh_l1:28x7", "lstm.bias_ih_l1:28", "lstm.bias_hh_l1:28",
            ],
            names);
        Assert.Equal(2 * 2 * 7, lstm.StateSize);
        var gru = new Gru(5, 7, 3);
        Assert.Equal(3 * 7, gru.StateSize);
        Assert.Equal([21, 5], gru.WeightIh(0).Shape);
        Assert.Equal([21, 7], gru.WeightIh(2).Shape);
        Assert.Equal(7, gru.OutputSize);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void LstmSingleStepMatchesHandComputedGates(int h)
    {
        const int inSize = 2, batch = 2;
        var rng = new Pcg64(40);
        var m = new Lstm(inSize, h);
        RecurrentInit.Uniform(m, rng);
        var x = NnTestUtil.Random(rng, batch, inSize);
        var init = new float[batch * m.StateSize];
        NnTestUtil.Fill(init, rng);
        var final = new float[batch * m.StateSize];
        var y = m.Forward(x, 1, init, default, final);

        var wi = m.WeightIh(0).Value.ToArray();
        var wh = m.WeightHh(0).Value.ToArray();
        var bi = m.BiasIh(0).Value.ToArray();
        var bh = m.BiasHh(0).Value.ToArray();
        for (int b = 0; b < batch; b++)
        {
            double Pre(int row)
            {
                double s = bi[row] + bh[row];
                for (int k = 0; k < inSize; k++)
                {
                    s += wi[(row * inSize) + k] * x[b, k];
                }

                for (int k = 0; k < h; k++)
                {
                    s += wh[(row * h) + k] * init[(b * 2 * h) + k];
                }

                return s;
            }

            for (int j = 0; j < h; j++)
            {
                double i = Sigmoid(Pre(j)), f = Sigmoid(Pre(h + j)), g = Math.Tanh(Pre((2 * h) + j)), o = Sigmoid(Pre((3 * h) + j));
                double c = (f * init[(b * 2 * h) + h + j]) + (i * g);
                double hh = o * Math.Tanh(c);
                Assert.Equal(hh, y[b, j], 1e-5);
                Assert.Equal(hh, final[(b * 2 * h) + j], 1e-5);
                Assert.Equal(c, final[(b * 2 * h) + h + j], 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void GruSingleStepMatchesHandComputedGates(int h)
    {
        const int inSize = 3, batch = 2;
        var rng = new Pcg64(41);
        var m = new Gru(inSize, h);
        RecurrentInit.Uniform(m, rng);
        var x = NnTestUtil.Random(rng, batch, inSize);
        var init = new float[batch * h];
        NnTestUtil.Fill(init, rng);
        var final = new float[batch * h];
        var y = m.Forward(x, 1, init, default, final);

        var wi = m.WeightIh(0).Value.ToArray();
        var wh = m.WeightHh(0).Value.ToArray();
        var bi = m.BiasIh(0).Value.ToArray();
        var bh = m.BiasHh(0).Value.ToArray();
        for (int b = 0; b < batch; b++)
        {
            double In(int row)
            {
                double s = bi[row];
                for (int k = 0; k < inSize; k++)
                {
                    s += wi[(row * inSize) + k] * x[b, k];
                }

                return s;
            }

            double Hid(int row)
            {
                double s = bh[row];
                for (int k = 0; k < h; k++)
                {
                    s += wh[(row * h) + k] * init[(b * h) + k];
                }

                return s;
            }

            for (int j = 0; j < h; j++)
            {
                double r = Sigmoid(In(j) + Hid(j));
                double z = Sigmoid(In(h + j) + Hid(h + j));
                double n = Math.Tanh(In((2 * h) + j) + (r * Hid((2 * h) + j)));
                double expected = ((1 - z) * n) + (z * init[(b * h) + j]);
                Assert.Equal(expected, y[b, j], 1e-5);
                Assert.Equal(expected, final[(b * h) + j], 1e-5);
            }
        }
    }

    [Theory]
    [InlineData("lstm", 1)]
    [InlineData("lstm", 2)]
    [InlineData("gru", 2)]
    public void ResetMakesTheTailIndependentOfEarlierSteps(string kind, int layers)
    {
        const int steps = 6, batch = 3, inSize = 4, hidden = 20, resetAt = 2, row = 1;
        var rng = new Pcg64(42);
        var m = RecurrentGradientTests.Create(kind, inSize, hidden, layers);
        RecurrentInit.Orthogonal(m, rng, gain: 1.5, forgetBias: 1f);
        NnTestUtil.Fill(m.BiasHh(0).Value, rng, 0.3);
        var x = NnTestUtil.Random(rng, steps * batch, inSize);
        var init = new float[batch * m.StateSize];
        NnTestUtil.Fill(init, rng);
        var starts = new bool[steps * batch];
        starts[(resetAt * batch) + row] = true;
        var full = m.Forward(x, steps, init, starts, default).Span.ToArray();

        // The tail alone, from a zero state.
        int tail = steps - resetAt;
        var xt = new Tensor(tail * batch, inSize);
        x.Span[(resetAt * batch * inSize)..].CopyTo(xt.Span);
        var alone = m.Forward(xt, tail, default, default, default).Span.ToArray();
        for (int t = 0; t < tail; t++)
        {
            for (int j = 0; j < hidden; j++)
            {
                Assert.Equal(alone[(((t * batch) + row) * hidden) + j], full[((((t + resetAt) * batch) + row) * hidden) + j]);
            }
        }

        // Other rows did see their history, so they differ from the tail run.
        Assert.NotEqual(alone[(batch * hidden)..((batch + 1) * hidden)], full[(((resetAt + 1) * batch) * hidden)..((((resetAt + 1) * batch) + 1) * hidden)]);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void ChunkedSequencesMatchOneLongRunViaFinalState(string kind)
    {
        const int steps = 6, batch = 2, inSize = 3, hidden = 5;
        var rng = new Pcg64(43);
        var m = RecurrentGradientTests.Create(kind, inSize, hidden, 2);
        RecurrentInit.Uniform(m, rng);
        var x = NnTestUtil.Random(rng, steps * batch, inSize);
        var starts = new bool[steps * batch];
        starts[(4 * batch) + 1] = true;
        var full = m.Forward(x, steps, default, starts, default).Span.ToArray();

        var state = new float[batch * m.StateSize];
        var x1 = new Tensor(3 * batch, inSize);
        var x2 = new Tensor(3 * batch, inSize);
        x.Span[..(3 * batch * inSize)].CopyTo(x1.Span);
        x.Span[(3 * batch * inSize)..].CopyTo(x2.Span);
        var first = m.Forward(x1, 3, default, starts.AsSpan(0, 3 * batch), state).Span.ToArray();
        var second = m.Forward(x2, 3, state.ToArray(), starts.AsSpan(3 * batch), state).Span.ToArray();
        var joined = first.Concat(second).ToArray();
        for (int i = 0; i < full.Length; i++)
        {
            Assert.Equal(full[i], joined[i], 5);
        }
    }

    [Fact]
    public void ModuleForwardIsOneStepFromZeroState()
    {
        var rng = new Pcg64(44);
        var m = new Gru(3, 4);
        RecurrentInit.Uniform(m, rng);
        var x = NnTestUtil.Random(rng, 5, 3);
        var a = ((Module)m).Forward(x).Span.ToArray();
        var b = m.Forward(x, 1, new float[5 * 4], default, default).Span.ToArray();
        Assert.Equal(b, a);
    }

    [Fact]
    public void OrthogonalInitGivesOrthogonalRecurrentBlocksAndForgetBias()
    {
        var m = new Lstm(3, 6, 2);
        RecurrentInit.Orthogonal(m, new Pcg64(45), forgetBias: 1f);
        for (int l = 0; l < 2; l++)
        {
            var w = m.WeightHh(l).Value;
            for (int k = 0; k < 4; k++)
            {
                for (int a = 0; a < 6; a++)
                {
                    for (int b = 0; b < 6; b++)
                    {
                        double dot = 0;
                        for (int t = 0; t < 6; t++)
                        {
                            dot += w[(((k * 6) + a) * 6) + t] * w[(((k * 6) + b) * 6) + t];
                        }

                        Assert.Equal(a == b ? 1.0 : 0.0, dot, 5);
                    }
                }
            }

            var bias = m.BiasIh(l).Value.ToArray();
            Assert.Equal(Enumerable.Repeat(1f, 6), bias[6..12]);
            Assert.All(bias[..6].Concat(bias[12..]), v => Assert.Equal(0f, v));
            Assert.All(m.BiasHh(l).Value.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        var m = new Lstm(3, 4);
        Assert.Throws<ArgumentException>(() => m.Forward(new Tensor(5, 3), 2, default, default, default));
        Assert.Throws<ArgumentException>(() => m.Forward(new Tensor(4, 3), 2, new float[3], default, default));
        Assert.Throws<ArgumentException>(() => m.Forward(new Tensor(4, 3), 2, default, new bool[3], default));
        Assert.Throws<InvalidOperationException>(() => new Gru(3, 4).Backward(new Tensor(1, 4)));
    }

    [Theory]
    [InlineData("lstm", 1)]
    [InlineData("gru", 2)]
    public void SkippingTheInputGradientLeavesParameterGradientsUnchanged(string kind, int layers)
    {
        const int steps = 5, batch = 3, inSize = 4, hidden = 9;
        var full = RecurrentGradientTests.Create(kind, inSize, hidden, layers);
        var skip = RecurrentGradientTests.Create(kind, inSize, hidden, layers);
        skip.InputGradientRequired = false;
        var rng = new Pcg64(11);
        foreach (var (a, b) in full.OwnParameters().Zip(skip.OwnParameters()))
        {
            Init.Uniform(a, -0.5, 0.5, rng);
            a.Value.CopyTo(b.Value);
        }

        var x = NnTestUtil.Random(rng, steps * batch, inSize);
        var g = NnTestUtil.Random(rng, steps * batch, hidden);
        var starts = new bool[steps * batch];
        starts[4] = true;
        full.Forward(x, steps, default, starts, default);
        skip.Forward(x, steps, default, starts, default);
        Assert.Equal(steps * batch, full.Backward(g).Rows);
        Assert.Equal(0, skip.Backward(g).Rows);
        foreach (var (a, b) in full.OwnParameters().Zip(skip.OwnParameters()))
        {
            Assert.Equal(a.Grad.ToArray(), b.Grad.ToArray());
        }

        Assert.Equal(full.GradInitialState.Span.ToArray(), skip.GradInitialState.Span.ToArray());
    }
}
