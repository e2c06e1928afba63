using Proxima.Random;

namespace Proxima.Nn.Recurrent;

/// <summary>Initializers for <see cref="RecurrentModule"/> parameters.</summary>
public static class RecurrentInit
{
    /// <summary>
    /// Per gate block: orthogonal [H, H] hidden-to-hidden weights and orthogonal [H, in] input weights (both with
    /// <paramref name="gain"/>), zero biases. For an <see cref="Lstm"/>, <paramref name="forgetBias"/> goes into the
    /// forget block of <c>bias_ih</c> (so the summed forget bias equals it; 1 is a common choice, 0 is PyTorch-like).
    /// </summary>
    public static void Orthogonal(RecurrentModule module, Pcg64 rng, double gain = 1.0, float forgetBias = 0f)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(rng);
        int h = module.HiddenSize;
        for (int l = 0; l < module.NumLayers; l++)
        {
            OrthogonalBlocks(module.WeightIh(l), module.GateCount, h, gain, rng);
            OrthogonalBlocks(module.WeightHh(l), module.GateCount, h, gain, rng);
            module.BiasIh(l).Value.Clear();
            module.BiasHh(l).Value.Clear();
            if (module is Lstm)
            {
                module.BiasIh(l).Value.Slice(h, h).Fill(forgetBias);
            }
        }
    }

    /// <summary>PyTorch's default recurrent init: every parameter from U(−1/√H, 1/√H).</summary>
    public static void Uniform(RecurrentModule module, Pcg64 rng)
    {
        ArgumentNullException.ThrowIfNull(module);
        double bound = 1.0 / Math.Sqrt(module.HiddenSize);
        foreach (var p in module.OwnParameters())
        {
            Init.Uniform(p, -bound, bound, rng);
        }
    }

    private static void OrthogonalBlocks(Parameter weight, int gates, int h, double gain, Pcg64 rng)
    {
        int cols = weight.Shape[1];
        var block = new Parameter("block", h, cols);
        for (int k = 0; k < gates; k++)
        {
            Init.Orthogonal(block, gain, rng);
            block.Value.CopyTo(weight.Value.Slice(k * h * cols, h * cols));
        }
    }
}
