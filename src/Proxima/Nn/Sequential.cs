namespace Proxima.Nn;

/// <summary>Modules applied in order; children are named by position ("0", "1", ...).</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    public Sequential(params Module[] layers)
    {
        if (layers.Length == 0)
        {
            throw new ArgumentException("A Sequential needs at least one layer.", nameof(layers));
        }

        for (int i = 1; i < layers.Length; i++)
        {
            if (layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException(
                    $"Layer {i} ({layers[i].Describe()}) expects {layers[i].InputSize} inputs but layer {i - 1} ({layers[i - 1].Describe()}) produces {layers[i - 1].OutputSize}.",
                    nameof(layers));
            }
        }

        _layers = layers;
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    public override int InputSize => _layers[0].InputSize;

    public override int OutputSize => _layers[^1].OutputSize;

    public override IEnumerable<(string Name, Module Module)> Children() =>
        _layers.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m));

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var g = gradOutput;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    public override string Describe() => "Sequential(" + string.Join(", ", _layers.Select(l => l.Describe())) + ")";
}
