namespace Proxima.Nn;

/// <summary>
/// A named, shaped trainable array. Its values and gradient live in slices of the flat buffers of a
/// <see cref="ParameterSet"/> once the owning network is bound, so optimizers and clipping make one pass
/// over all parameters.
/// </summary>
public sealed class Parameter
{
    private float[] _values;
    private float[] _grads;
    private int _offset;

    /// <summary>Creates an unbound parameter with its own zeroed storage.</summary>
    public Parameter(string name, params int[] shape)
    {
        Name = name;
        Shape = (int[])shape.Clone();
        int length = 1;
        foreach (int d in shape)
        {
            length *= d;
        }

        Length = length;
        _values = new float[length];
        _grads = new float[length];
    }

    /// <summary>The local name within its module (e.g. <c>weight</c>).</summary>
    public string Name { get; }

    /// <summary>The shape (e.g. <c>[out, in]</c> for a Linear weight, as PyTorch stores it).</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Offset of this parameter in the flat buffers it is bound to (0 when unbound).</summary>
    public int Offset => _offset;

    /// <summary>The values.</summary>
    public Span<float> Value => _values.AsSpan(_offset, Length);

    /// <summary>The accumulated gradient.</summary>
    public Span<float> Grad => _grads.AsSpan(_offset, Length);

    /// <summary>Moves storage into shared flat buffers at <paramref name="offset"/>, keeping the current values.</summary>
    internal void Bind(float[] values, float[] grads, int offset)
    {
        Value.CopyTo(values.AsSpan(offset, Length));
        Grad.CopyTo(grads.AsSpan(offset, Length));
        _values = values;
        _grads = grads;
        _offset = offset;
    }
}
