using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

public class MlpTests
{
    [Fact]
    public void LayersAndParameterNamesFollowPyTorchSequential()
    {
        var net = Mlp.Create(4, [8, 6], Activation.Tanh, outputSize: 2);
        Assert.Equal(5, net.Layers.Count);
        Assert.IsType<Linear>(net.Layers[0]);
        Assert.IsType<Tanh>(net.Layers[1]);
        Assert.IsType<Linear>(net.Layers[4]);
        Assert.Equal(4, net.InputSize);
        Assert.Equal(2, net.OutputSize);
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], names);
    }

    [Fact]
    public void LayerNormGoesBetweenLinearAndActivation()
    {
        var net = Mlp.Create(3, [5], Activation.Silu, layerNorm: true);
        Assert.Equal(3, net.Layers.Count);
        Assert.IsType<LayerNorm>(net.Layers[1]);
        Assert.IsType<Silu>(net.Layers[2]);
        Assert.Equal(5, net.OutputSize);
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], names);
    }

    [Fact]
    public void NoHiddenLayersIsASingleLinear()
    {
        var net = Mlp.Create(3, [], Activation.ReLU, outputSize: 2);
        Assert.Single(net.Layers);
        Assert.Throws<ArgumentException>(() => Mlp.Create(3, [], Activation.ReLU));
    }

    [Theory]
    [InlineData(Activation.Tanh, false)]
    [InlineData(Activation.Elu, true)]
    [InlineData(Activation.Silu, true)]
    public void GradientsMatchFiniteDifferences(Activation activation, bool layerNorm)
    {
        var rng = new Pcg64(8);
        var net = Mlp.Create(4, [6, 5], activation, outputSize: 3, layerNorm: layerNorm);
        foreach (var (name, p) in net.NamedParameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal) && p.Shape.Length == 2)
            {
                Init.Orthogonal(p, Math.Sqrt(2), rng);
            }
            else
            {
                Init.Uniform(p, -0.3, 0.3, rng);
            }
        }

        NnTestUtil.CheckGradients(net, NnTestUtil.Random(rng, 3, 4), rng, eps: 1e-2f, absTol: 3e-3, relTol: 1e-2);
    }

    [Fact]
    public void ForwardAndBackwardDoNotAllocateOnceWarm()
    {
        var rng = new Pcg64(9);
        var net = Mlp.Create(4, [64, 64], Activation.Tanh, outputSize: 2, layerNorm: true);
        foreach (var (_, p) in net.NamedParameters())
        {
            NnTestUtil.Fill(p.Value, rng, 0.1);
        }

        var x = NnTestUtil.Random(rng, 64, 4);
        var g = NnTestUtil.Random(rng, 64, 2);
        net.Forward(x);
        net.Backward(g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            net.Forward(x);
            net.Backward(g);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
