using Proxima.Nn;
using Proxima.Optim;
using Proxima.Random;

namespace Proxima.Tests.Optim;

public class LeastSquaresTests
{
    [Fact]
    public void AdamTrainedLinearLayerReachesTheNormalEquationsSolution()
    {
        const int n = 64, inputs = 3, outputs = 2;
        var rng = new Pcg64(12345);
        var x = new float[n * inputs];
        var targets = new float[n * outputs];
        OptimTestUtil.Fill(x, rng, 1.0);
        double[,] trueW = { { 1.5, -2.0, 0.5 }, { -0.7, 0.3, 2.2 } };
        double[] trueB = [0.25, -1.0];
        for (int r = 0; r < n; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double y = trueB[o] + (0.1 * rng.NextGaussian());
                for (int k = 0; k < inputs; k++)
                {
                    y += trueW[o, k] * x[(r * inputs) + k];
                }

                targets[(r * outputs) + o] = (float)y;
            }
        }

        // The noise makes the least-squares optimum differ from (trueW, trueB), so only the exact solution passes.
        double[,] solution = SolveNormalEquations(x, targets, n, inputs, outputs);

        var layer = new Linear(inputs, outputs);
        var set = new ParameterSet(("", layer));
        var adam = new Adam(set, new AdamOptions(0.05));
        var schedule = new CosineSchedule(0.05, 1e-5);
        var input = Tensor.FromArray(x, n, inputs);
        var gradOut = new Tensor(n, outputs);
        const int steps = 3000;
        for (int step = 0; step < steps; step++)
        {
            adam.LearningRate = schedule.ValueAt((double)step / steps);
            var y = layer.Forward(input);

            // Loss = 1/(2n) Σ (y − t)²  ⇒  dL/dy = (y − t)/n.
            for (int i = 0; i < n * outputs; i++)
            {
                gradOut.Span[i] = (y.Span[i] - targets[i]) / n;
            }

            adam.ZeroGrad();
            layer.Backward(gradOut);
            adam.Step();
        }

        // Parameters of size ~2 have a float32 spacing of 2.4e-7 and the float forward/backward limits the gradient
        // to ~1e-7 relative; with this well-conditioned design (unit-variance inputs) the observed error is ~2e-7.
        // 2e-6 leaves headroom, while stopping short of the optimum or converging to (trueW, trueB) misses by more.
        for (int o = 0; o < outputs; o++)
        {
            for (int k = 0; k < inputs; k++)
            {
                Assert.Equal(solution[o, k], layer.Weight.Value[(o * inputs) + k], 2e-6);
            }

            Assert.Equal(solution[o, inputs], layer.Bias!.Value[o], 2e-6);
        }
    }

    /// <summary>Solves (AᵀA)θ = Aᵀt for each output, A = [x, 1]; returns θ as [outputs, inputs + 1] (bias last).</summary>
    private static double[,] SolveNormalEquations(float[] x, float[] t, int n, int inputs, int outputs)
    {
        int d = inputs + 1;
        double A(int r, int c) => c < inputs ? x[(r * inputs) + c] : 1.0;
        var result = new double[outputs, d];
        for (int o = 0; o < outputs; o++)
        {
            var m = new double[d, d + 1];
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    for (int r = 0; r < n; r++)
                    {
                        m[i, j] += A(r, i) * A(r, j);
                    }
                }

                for (int r = 0; r < n; r++)
                {
                    m[i, d] += A(r, i) * t[(r * outputs) + o];
                }
            }

            // Gaussian elimination with partial pivoting.
            for (int col = 0; col < d; col++)
            {
                int pivot = col;
                for (int r = col + 1; r < d; r++)
                {
                    if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                    {
                        pivot = r;
                    }
                }

                for (int c = 0; c <= d; c++)
                {
                    (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
                }

                for (int r = 0; r < d; r++)
                {
                    if (r != col)
                    {
                        double f = m[r, col] / m[col, col];
                        for (int c = col; c <= d; c++)
                        {
                            m[r, c] -= f * m[col, c];
                        }
                    }
                }
            }

            for (int i = 0; i < d; i++)
            {
                result[o, i] = m[i, d] / m[i, i];
            }
        }

        return result;
    }
}
