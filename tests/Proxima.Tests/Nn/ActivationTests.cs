using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

public class ActivationTests
{
    private static double Reference(Activation a, double x) => a switch
    {
        Activation.Tanh => Math.Tanh(x),
        Activation.ReLU => Math.Max(x, 0),
        Activation.Elu => x > 0 ? x : Math.Exp(x) - 1,
        Activation.Silu => x / (1 + Math.Exp(-x)),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Elu)]
    [InlineData(Activation.Silu)]
    public void ForwardMatchesClosedForm(Activation activation)
    {
        var rng = new Pcg64(1);
        var m = Activations.Create(activation, 7);
        Assert.Equal(7, m.InputSize);
        Assert.Equal(7, m.OutputSize);
        var x = NnTestUtil.Random(rng, 5, 7, 2.0);
        var y = m.Forward(x);
        Assert.Equal(5, y.Rows);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Reference(activation, x.Span[i]);
            Assert.True(Math.Abs(expected - y.Span[i]) <= 1e-6 * (1 + Math.Abs(expected)), $"{activation}({x.Span[i]}) = {y.Span[i]}, expected {expected}");
        }
    }

    [Fact]
    public void FactoryCreatesTheRequestedTypes()
    {
        Assert.IsType<Tanh>(Activations.Create(Activation.Tanh, 3));
        Assert.IsType<ReLU>(Activations.Create(Activation.ReLU, 3));
        Assert.IsType<Elu>(Activations.Create(Activation.Elu, 3));
        Assert.IsType<Silu>(Activations.Create(Activation.Silu, 3));
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Elu)]
    [InlineData(Activation.Silu)]
    public void InputGradientMatchesFiniteDifferences(Activation activation)
    {
        var rng = new Pcg64(2);
        var m = Activations.Create(activation, 6);
        var x = NnTestUtil.Random(rng, 4, 6, 1.5);
        var xs = x.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            // Keep clear of ReLU's kink so the central difference is well defined.
            if (Math.Abs(xs[i]) < 0.05f)
            {
                xs[i] = xs[i] < 0 ? -0.3f : 0.3f;
            }
        }

        NnTestUtil.CheckGradients(m, x, rng, eps: 1e-2f, absTol: 1e-3, relTol: 5e-3);
    }

    [Fact]
    public void EluIsSmoothAcrossZero()
    {
        var m = new Elu(2);
        var x = Tensor.FromArray([-1e-4f, 1e-4f], 1, 2);
        m.Forward(x);
        var g = m.Backward(Tensor.FromArray([1f, 1f], 1, 2));
        Assert.Equal(1f, g[0, 0], 3);
        Assert.Equal(1f, g[0, 1]);
    }
}
