using System.Buffers.Binary;

namespace Proxima.Tracking;

/// <summary>
/// Writes TFRecord framing: <c>uint64 length</c>, <c>uint32 masked CRC-32C of the length bytes</c>, the data,
/// <c>uint32 masked CRC-32C of the data</c>, all little-endian.
/// </summary>
internal sealed class TfRecordWriter : IDisposable
{
    private readonly Stream _stream;

    /// <summary>Creates a writer over <paramref name="stream"/>, which it owns.</summary>
    public TfRecordWriter(Stream stream) => _stream = stream;

    /// <summary>Appends one record.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Mask(Crc32C.Compute(header[..8])));
        _stream.Write(header);
        _stream.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Mask(Crc32C.Compute(data)));
        _stream.Write(footer);
    }

    /// <summary>Pushes buffered records to the file.</summary>
    public void Flush() => _stream.Flush();

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
