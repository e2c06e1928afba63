namespace Proxima.Nn;

/// <summary>
/// A contiguous row-major float32 array with a shape. The leading dimension (rows, usually the batch) can change
/// without allocating while it fits the capacity, which is how modules reuse their activation buffers across
/// calls with different batch sizes.
/// </summary>
public sealed class Tensor
{
    private float[] _data;
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] shape)
    {
        if (shape.Length == 0)
        {
            throw new ArgumentException("A tensor needs at least one dimension.", nameof(shape));
        }

        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimensions must be non-negative, got [{string.Join(", ", shape)}].", nameof(shape));
            }
        }

        _shape = (int[])shape.Clone();
        _data = new float[ComputeLength(_shape)];
    }

    /// <summary>Creates a 2-D tensor that copies <paramref name="values"/>.</summary>
    public static Tensor FromArray(float[] values, int rows, int cols)
    {
        if (values.Length != rows * cols)
        {
            throw new ArgumentException($"Expected {rows}x{cols}={rows * cols} values, got {values.Length}.", nameof(values));
        }

        var t = new Tensor(rows, cols);
        values.CopyTo(t._data, 0);
        return t;
    }

    /// <summary>The dimensions. Do not modify; use <see cref="SetRows"/> to change the leading one.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Leading dimension.</summary>
    public int Rows => _shape[0];

    /// <summary>Product of all dimensions after the first (the row width).</summary>
    public int RowSize
    {
        get
        {
            int size = 1;
            for (int i = 1; i < _shape.Length; i++)
            {
                size *= _shape[i];
            }

            return size;
        }
    }

    /// <summary>Total number of elements in the current shape.</summary>
    public int Length => ComputeLength(_shape);

    /// <summary>The backing array (its length is the capacity, at least <see cref="Length"/>).</summary>
    public float[] Data => _data;

    /// <summary>The elements of the current shape.</summary>
    public Span<float> Span => _data.AsSpan(0, Length);

    /// <summary>One row (all elements with leading index <paramref name="row"/>).</summary>
    public Span<float> Row(int row)
    {
        int size = RowSize;
        return _data.AsSpan(row * size, size);
    }

    /// <summary>Element accessor for 2-D tensors.</summary>
    public float this[int row, int col]
    {
        get => _data[(row * RowSize) + col];
        set => _data[(row * RowSize) + col] = value;
    }

    /// <summary>
    /// Changes the leading dimension. Grows the backing array only when the new shape exceeds the capacity,
    /// so steady-state use with a bounded batch size allocates nothing. Contents are not preserved on growth.
    /// </summary>
    public Tensor SetRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _shape[0] = rows;
        int needed = ComputeLength(_shape);
        if (needed > _data.Length)
        {
            _data = new float[Math.Max(needed, _data.Length * 2)];
        }

        return this;
    }

    /// <summary>Sets every element of the current shape to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>A human-readable shape, e.g. <c>[64, 4]</c>.</summary>
    public string ShapeString => "[" + string.Join(", ", _shape) + "]";

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeString}";

    private static int ComputeLength(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        return n;
    }
}
