namespace Proxima.Nn;

/// <summary>
/// Layer normalization over each row (PyTorch <c>nn.LayerNorm(size)</c>): y = (x − mean) / sqrt(var + eps) · weight + bias,
/// with the biased variance. Parameters are <c>weight</c> (init 1) and <c>bias</c> (init 0).
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly Tensor _output;
    private readonly Tensor _normalized;
    private readonly Tensor _invStd;
    private readonly Tensor _gradInput;

    /// <summary>Creates a layer normalizing rows of <paramref name="size"/> features.</summary>
    public LayerNorm(int size, float eps = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        InputSize = size;
        Eps = eps;
        Weight = new Parameter("weight", size);
        Bias = new Parameter("bias", size);
        Weight.Value.Fill(1f);
        _output = new Tensor(0, size);
        _normalized = new Tensor(0, size);
        _invStd = new Tensor(0);
        _gradInput = new Tensor(0, size);
    }

    public override int InputSize { get; }

    public override int OutputSize => InputSize;

    /// <summary>The constant added to the variance.</summary>
    public float Eps { get; }

    /// <summary>Per-feature scale [size].</summary>
    public Parameter Weight { get; }

    /// <summary>Per-feature shift [size].</summary>
    public Parameter Bias { get; }

    public override IEnumerable<Parameter> OwnParameters() => [Weight, Bias];

    public override string Describe() => $"LayerNorm({InputSize})";

    public override Tensor Forward(Tensor input)
    {
        int rows = input.Rows;
        int n = InputSize;
        _output.SetRows(rows);
        _normalized.SetRows(rows);
        _invStd.SetRows(rows);
        var x = input.Span;
        var y = _output.Span;
        var xhat = _normalized.Span;
        var rstd = _invStd.Span;
        var w = Weight.Value;
        var b = Bias.Value;
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * n, n);
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += xr[j];
            }

            double mean = sum / n;
            double sq = 0;
            for (int j = 0; j < n; j++)
            {
                double d = xr[j] - mean;
                sq += d * d;
            }

            float inv = (float)(1.0 / Math.Sqrt((sq / n) + Eps));
            float m = (float)mean;
            rstd[r] = inv;
            var hr = xhat.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            for (int j = 0; j < n; j++)
            {
                float h = (xr[j] - m) * inv;
                hr[j] = h;
                yr[j] = (h * w[j]) + b[j];
            }
        }

        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        int rows = gradOutput.Rows;
        int n = InputSize;
        _gradInput.SetRows(rows);
        var g = gradOutput.Span;
        var xhat = _normalized.Span;
        var rstd = _invStd.Span;
        var dx = _gradInput.Span;
        var w = Weight.Value;
        var dw = Weight.Grad;
        var db = Bias.Grad;
        for (int r = 0; r < rows; r++)
        {
            var gr = g.Slice(r * n, n);
            var hr = xhat.Slice(r * n, n);
            var dxr = dx.Slice(r * n, n);
            float sumG = 0f;
            float sumGh = 0f;
            for (int j = 0; j < n; j++)
            {
                float gh = gr[j] * w[j];
                sumG += gh;
                sumGh += gh * hr[j];
                dw[j] += gr[j] * hr[j];
                db[j] += gr[j];
            }

            float meanG = sumG / n;
            float meanGh = sumGh / n;
            float inv = rstd[r];
            for (int j = 0; j < n; j++)
            {
                dxr[j] = inv * ((gr[j] * w[j]) - meanG - (hr[j] * meanGh));
            }
        }

        return _gradInput;
    }
}
