using System.Buffers.Binary;
using System.Text;

namespace Proxima.Tracking;

/// <summary>
/// Minimal protobuf wire-format encoder for the few message shapes the TensorBoard event file needs:
/// varint, 64-bit, 32-bit and length-delimited fields.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly MemoryStream _buffer = new();

    /// <summary>Number of bytes written so far.</summary>
    public int Length => (int)_buffer.Length;

    /// <summary>The encoded message.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>Writes a double field (wire type 1).</summary>
    public void WriteDouble(int field, double value)
    {
        WriteTag(field, WireFixed64);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        _buffer.Write(b);
    }

    /// <summary>Writes a float field (wire type 5).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _buffer.Write(b);
    }

    /// <summary>Writes an int64 field as a varint (negative values take ten bytes, as protobuf specifies).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a length-delimited field (bytes or an embedded message).</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    private void WriteTag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
