using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Proxima.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}</c>, padded
/// with spaces to a multiple of 8), then the tensor bytes with offsets relative to the start of the data.
/// Tensors are written sorted by name and packed contiguously; reading validates everything and reports any
/// problem as a <see cref="CheckpointFormatException"/>.
/// </summary>
public static class Safetensors
{
    /// <summary>Largest header accepted on read (as the reference implementation: 100 MB).</summary>
    public const int MaxHeaderSize = 100_000_000;

    /// <summary>The reserved header key holding the string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes <paramref name="tensors"/> (any order; written sorted by name) and optional metadata.</summary>
    public static void Write(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Name == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            }

            if (i > 0 && sorted[i].Name == sorted[i - 1].Name)
            {
                throw new ArgumentException($"Duplicate tensor name '{sorted[i].Name}'.", nameof(tensors));
            }
        }

        byte[] header = BuildHeader(sorted, metadata);
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
        stream.Write(lengthBytes);
        stream.Write(header);
        foreach (var t in sorted)
        {
            stream.Write(t.Data);
        }
    }

    /// <summary>Serializes to a byte array.</summary>
    public static byte[] ToBytes(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var ms = new MemoryStream();
        Write(ms, tensors, metadata);
        return ms.ToArray();
    }

    /// <summary>Reads and validates a whole safetensors file from the current position to the end of the stream.</summary>
    public static SafetensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = StreamBytes.ReadToEnd(
            stream,
            remaining => new CheckpointFormatException($"The safetensors data is {remaining} bytes, more than can be loaded into memory."));
        return Read(bytes);
    }

    /// <summary>Parses and validates a whole safetensors file held in memory.</summary>
    public static SafetensorsFile Read(ReadOnlySpan<byte> bytes) => SafetensorsHeaderParser.Parse(bytes);

    private static byte[] BuildHeader(NamedTensor[] sorted, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(value, $"metadata[{key}]");
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            long offset = 0;
            foreach (var t in sorted)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", SafetensorsDTypes.NameOf(t.DType));
                w.WriteStartArray("shape");
                foreach (int d in t.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += t.Data.LongLength;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        int length = (int)ms.Length;
        int padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        ms.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }
}
