using System.Runtime.InteropServices;

namespace Proxima.Checkpoints;

/// <summary>
/// One tensor of a safetensors file: a name, an element type, a shape and the little-endian element bytes in
/// row-major order. The typed factories and accessors copy, so a tensor never aliases caller arrays.
/// </summary>
public sealed class NamedTensor
{
    /// <summary>Creates a tensor from raw little-endian bytes; the byte length must equal elements × element size.</summary>
    public NamedTensor(string name, SafetensorsDType dtype, int[] shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long elements = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            elements = checked(elements * d);
        }

        long expected = checked(elements * SafetensorsDTypes.SizeOf(dtype));
        if (expected != data.LongLength)
        {
            throw new ArgumentException(
                $"Tensor '{name}' of dtype {SafetensorsDTypes.NameOf(dtype)} and shape [{string.Join(", ", shape)}] needs {expected} bytes, got {data.LongLength}.",
                nameof(data));
        }

        Name = name;
        DType = dtype;
        Shape = (int[])shape.Clone();
        Data = data;
        ElementCount = elements;
    }

    /// <summary>The tensor name (unique within a file).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Shape (empty for a scalar).</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>The element bytes, little-endian, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>A 32-bit float tensor.</summary>
    public static NamedTensor FromFloats(string name, int[] shape, ReadOnlySpan<float> values) =>
        new(name, SafetensorsDType.F32, shape, ToBytes(values));

    /// <summary>A 64-bit float tensor.</summary>
    public static NamedTensor FromDoubles(string name, int[] shape, ReadOnlySpan<double> values) =>
        new(name, SafetensorsDType.F64, shape, ToBytes(values));

    /// <summary>A 64-bit signed integer tensor.</summary>
    public static NamedTensor FromInt64s(string name, int[] shape, ReadOnlySpan<long> values) =>
        new(name, SafetensorsDType.I64, shape, ToBytes(values));

    /// <summary>An unsigned byte tensor.</summary>
    public static NamedTensor FromBytes(string name, int[] shape, ReadOnlySpan<byte> values) =>
        new(name, SafetensorsDType.U8, shape, values.ToArray());

    /// <summary>The elements of an F32 tensor.</summary>
    public float[] ToFloats() => Elements<float>(SafetensorsDType.F32);

    /// <summary>The elements of an F64 tensor.</summary>
    public double[] ToDoubles() => Elements<double>(SafetensorsDType.F64);

    /// <summary>The elements of an I64 tensor.</summary>
    public long[] ToInt64s() => Elements<long>(SafetensorsDType.I64);

    /// <summary>The shape as text, e.g. <c>[64, 4]</c>.</summary>
    public string DescribeShape() => $"[{string.Join(", ", Shape)}]";

    private T[] Elements<T>(SafetensorsDType expected)
        where T : unmanaged
    {
        if (DType != expected)
        {
            throw new CheckpointFormatException(
                $"Tensor '{Name}' has dtype {SafetensorsDTypes.NameOf(DType)}, but {SafetensorsDTypes.NameOf(expected)} was expected.");
        }

        EnsureLittleEndian();
        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }

    private static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        EnsureLittleEndian();
        return MemoryMarshal.AsBytes(values).ToArray();
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Proxima checkpoints require a little-endian platform.");
        }
    }
}
