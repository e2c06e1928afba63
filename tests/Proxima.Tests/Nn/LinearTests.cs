using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

public class LinearTests
{
    [Fact]
    public void ForwardIsInputTimesWeightTransposePlusBias()
    {
        var rng = new Pcg64(3);
        var lin = new Linear(5, 3);
        NnTestUtil.Fill(lin.Weight.Value, rng);
        NnTestUtil.Fill(lin.Bias!.Value, rng);
        var x = NnTestUtil.Random(rng, 4, 5);
        var y = lin.Forward(x);
        for (int r = 0; r < 4; r++)
        {
            for (int o = 0; o < 3; o++)
            {
                double e = lin.Bias.Value[o];
                for (int i = 0; i < 5; i++)
                {
                    e += (double)x[r, i] * lin.Weight.Value[(o * 5) + i];
                }

                Assert.Equal(e, y[r, o], 5);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientsMatchFiniteDifferences(bool bias)
    {
        var rng = new Pcg64(4);
        var lin = new Linear(6, 4, bias);
        Init.KaimingUniform(lin.Weight, rng);
        if (lin.Bias is not null)
        {
            Init.Uniform(lin.Bias, -0.5, 0.5, rng);
        }

        NnTestUtil.CheckGradients(lin, NnTestUtil.Random(rng, 3, 6), rng, absTol: 1e-3, relTol: 5e-3);
    }
}
