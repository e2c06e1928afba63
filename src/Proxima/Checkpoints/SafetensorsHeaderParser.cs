using System.Buffers.Binary;
using System.Text.Json;

namespace Proxima.Checkpoints;

/// <summary>Strict parsing and validation of a safetensors file held in memory.</summary>
internal static class SafetensorsHeaderParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    private readonly record struct Entry(string Name, SafetensorsDType DType, int[] Shape, long Begin, long End);

    public static SafetensorsFile Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw Fail($"the file is {bytes.Length} bytes, shorter than the 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        long available = bytes.Length - 8L;
        if (headerLength > (ulong)available)
        {
            throw Fail($"the header length {headerLength} exceeds the {available} bytes that follow it");
        }

        if (headerLength > Safetensors.MaxHeaderSize)
        {
            throw Fail($"the header length {headerLength} exceeds the limit of {Safetensors.MaxHeaderSize} bytes");
        }

        int n = (int)headerLength;
        var header = bytes.Slice(8, n);
        if (n == 0 || header[0] != (byte)'{')
        {
            throw Fail("the header is not a JSON object (it must start with '{')");
        }

        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw Fail("the header is not valid UTF-8");
        }

        var data = bytes[(8 + n)..];
        var (entries, metadata) = ParseHeader(header, data.Length);
        ValidateLayout(entries, data.Length);
        var tensors = new List<NamedTensor>(entries.Count);
        foreach (var e in entries)
        {
            byte[] slice = data[(int)e.Begin..(int)e.End].ToArray();
            tensors.Add(new NamedTensor(e.Name, e.DType, e.Shape, slice));
        }

        return new SafetensorsFile(tensors, metadata);
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlySpan<byte> header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            // JsonDocument needs memory it can keep; the header is small (bounded above), so copy it.
            doc = JsonDocument.Parse(header.ToArray(), DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException($"Invalid safetensors file: the header is not well-formed JSON ({ex.Message}).", ex);
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointFormatException($"Invalid safetensors file: the header is not valid UTF-8 JSON ({ex.Message}).", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail("the header is not a JSON object");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var prop in root.EnumerateObject())
            {
                if (!seen.Add(prop.Name))
                {
                    throw Fail($"the header names '{prop.Name}' more than once");
                }

                if (prop.Name == Safetensors.MetadataKey)
                {
                    ParseMetadata(prop.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(prop.Name, prop.Value, dataLength));
                }
            }

            return (entries, metadata);
        }
    }

    private static void ParseMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"'{Safetensors.MetadataKey}' must be an object of strings, got {value.ValueKind}");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Fail($"metadata value '{item.Name}' must be a string, got {item.Value.ValueKind}");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Fail($"metadata key '{item.Name}' appears more than once");
            }
        }
    }

    private static Entry ParseEntry(string name, JsonElement value, long dataLength)
    {
        if (name.Length == 0)
        {
            throw Fail("a tensor has an empty name");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"tensor '{name}' must be described by an object, got {value.ValueKind}");
        }

        string? dtypeName = null;
        int[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeName is null:
                    dtypeName = field.Value.ValueKind == JsonValueKind.String
                        ? field.Value.GetString()!
                        : throw Fail($"tensor '{name}': dtype must be a string, got {field.Value.ValueKind}");
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(name, "shape", field.Value, int.MaxValue).Select(x => (int)x).ToArray();
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(name, "data_offsets", field.Value, long.MaxValue);
                    break;
                default:
                    throw Fail($"tensor '{name}' has an unexpected or repeated field '{field.Name}'");
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            throw Fail($"tensor '{name}' must have dtype, shape and data_offsets");
        }

        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype))
        {
            throw Fail($"tensor '{name}' has unknown dtype '{dtypeName}'");
        }

        if (offsets.Length != 2)
        {
            throw Fail($"tensor '{name}': data_offsets must have exactly 2 entries, got {offsets.Length}");
        }

        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength)
        {
            throw Fail($"tensor '{name}': data_offsets [{begin}, {end}] are outside the {dataLength}-byte data buffer or reversed");
        }

        long elements = 1;
        foreach (int d in shape)
        {
            elements *= d;
            if (elements > dataLength)
            {
                // Also keeps the product far from overflow: any non-empty tensor must fit in the buffer.
                break;
            }
        }

        if (shape.Contains(0))
        {
            elements = 0;
        }

        long expectedBytes = elements > dataLength ? long.MaxValue : elements * SafetensorsDTypes.SizeOf(dtype);
        if (expectedBytes != end - begin)
        {
            throw Fail(
                $"tensor '{name}': dtype {dtypeName} with shape [{string.Join(", ", shape)}] needs "
                + (expectedBytes == long.MaxValue ? "more bytes than the file holds" : $"{expectedBytes} bytes")
                + $" but data_offsets [{begin}, {end}] cover {end - begin}");
        }

        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(string tensor, string field, JsonElement value, long max)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"tensor '{tensor}': {field} must be an array of integers, got {value.ValueKind}");
        }

        var result = new List<long>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long x) || x < 0 || x > max)
            {
                throw Fail($"tensor '{tensor}': {field} entries must be integers in [0, {max}], got {item.GetRawText()}");
            }

            result.Add(x);
            if (result.Count > 64)
            {
                throw Fail($"tensor '{tensor}': {field} has more than 64 entries");
            }
        }

        return result.ToArray();
    }

    private static void ValidateLayout(List<Entry> entries, long dataLength)
    {
        var byOffset = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        foreach (var e in byOffset)
        {
            if (e.Begin != expected)
            {
                throw Fail(e.Begin < expected
                    ? $"tensor '{e.Name}' at [{e.Begin}, {e.End}] overlaps the previous tensor, which ends at {expected}"
                    : $"the bytes [{expected}, {e.Begin}) before tensor '{e.Name}' belong to no tensor");
            }

            expected = e.End;
        }

        if (expected != dataLength)
        {
            throw Fail($"the tensors cover {expected} bytes but the data buffer has {dataLength}");
        }
    }

    private static CheckpointFormatException Fail(string problem) => new($"Invalid safetensors file: {problem}.");
}
