using System.Buffers.Binary;
using System.Text;
using Proxima.Checkpoints;

namespace Proxima.Tests.Checkpoints;

public class SafetensorsTests
{
    private static byte[] HandBuilt(string json, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    [Fact]
    public void Write_ProducesTheByteExactLayoutOfTheSpec()
    {
        // Built by hand from the format description: sorted names, compact JSON, metadata first, spaces to a multiple of 8.
        var tensors = new[]
        {
            NamedTensor.FromInt64s("b", [1], [-2L]),
            NamedTensor.FromFloats("a", [2], [1.0f, -2.5f]),
        };
        byte[] actual = Safetensors.ToBytes(tensors, new Dictionary<string, string> { ["k"] = "v" });

        string json = "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        Assert.Equal(133, json.Length);
        json += new string(' ', 3); // 133 -> 136, a multiple of 8
        byte[] data =
        [
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x20, 0xC0, // -2.5f
            0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // -2L
        ];
        byte[] expected = HandBuilt(json, data);
        Assert.Equal(expected, actual);
        Assert.Equal(136UL, BinaryPrimitives.ReadUInt64LittleEndian(actual));
    }

    [Fact]
    public void Read_ParsesAHandBuiltFileFromTheSpec()
    {
        string json = "{\"x\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,16]},\"__metadata__\":{\"format\":\"pt\"}}";
        byte[] data = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), -7.0);
        var file = Safetensors.Read(HandBuilt(json, data));
        Assert.Equal([0.25, -7.0], file.GetDoubles("x"));
        Assert.Equal([1, 2], file.Get("x").Shape);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void RoundTrip_KeepsEveryDTypeShapeAndMetadata()
    {
        var rng = new Proxima.Random.Pcg64(3);
        var floats = Enumerable.Range(0, 12).Select(_ => (float)rng.NextGaussian()).ToArray();
        var doubles = new[] { double.MaxValue, double.Epsilon, -0.0, 1e-300 };
        var longs = new[] { long.MinValue, 0, long.MaxValue };
        var tensors = new[]
        {
            NamedTensor.FromFloats("net.0.weight", [3, 4], floats),
            NamedTensor.FromDoubles("d", [2, 2], doubles),
            NamedTensor.FromInt64s("counts", [3], longs),
            NamedTensor.FromBytes("u8", [5], [1, 2, 3, 4, 5]),
            NamedTensor.FromFloats("scalar", [], [42f]),
            NamedTensor.FromFloats("empty", [0, 3], []),
            new NamedTensor("half", SafetensorsDType.F16, [2], [0x00, 0x3C, 0x00, 0xC0]),
        };
        var meta = new Dictionary<string, string> { ["note"] = "héllo \"quoted\"\n", ["a"] = "" };
        byte[] bytes = Safetensors.ToBytes(tensors, meta);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);

        using var ms = new MemoryStream(bytes);
        var file = Safetensors.Read(ms);
        Assert.Equal(tensors.Select(t => t.Name).Order(StringComparer.Ordinal), file.Names);
        Assert.Equal(floats, file.GetFloats("net.0.weight"));
        Assert.Equal(doubles, file.GetDoubles("d"));
        Assert.Equal(longs, file.GetInt64s("counts"));
        Assert.Equal([42f], file.GetFloats("scalar"));
        Assert.Empty(file.Get("scalar").Shape);
        Assert.Empty(file.GetFloats("empty"));
        Assert.Equal([0, 3], file.Get("empty").Shape);
        Assert.Equal(SafetensorsDType.F16, file.Get("half").DType);
        Assert.Equal(meta, file.Metadata);
    }

    [Fact]
    public void Accessors_RejectWrongDTypeAndMissingNames()
    {
        var file = Safetensors.Read(Safetensors.ToBytes([NamedTensor.FromInt64s("n", [1], [1])]));
        var wrong = Assert.Throws<CheckpointFormatException>(() => file.GetFloats("n"));
        Assert.Contains("I64", wrong.Message);
        var missing = Assert.Throws<CheckpointFormatException>(() => file.GetFloats("m"));
        Assert.Contains("'m'", missing.Message);
    }

    [Fact]
    public void Write_RejectsDuplicateAndReservedNames()
    {
        Assert.Throws<ArgumentException>(() => Safetensors.ToBytes([NamedTensor.FromFloats("a", [1], [1]), NamedTensor.FromFloats("a", [1], [2])]));
        Assert.Throws<ArgumentException>(() => Safetensors.ToBytes([NamedTensor.FromFloats("__metadata__", [1], [1])]));
    }

    public static TheoryData<string, string, int, string> Malformed => new()
    {
        // description, header json, data length, expected message fragment
        { "offsets past the buffer", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "outside" },
        { "reversed offsets", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4, "reversed" },
        { "overlap", "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6, "overlaps" },
        { "gap", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", 6, "belong to no tensor" },
        { "trailing data", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 3, "cover 2 bytes" },
        { "size mismatch", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes" },
        { "huge shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", 8, "more bytes than the file" },
        { "unknown dtype", "{\"a\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype" },
        { "lowercase dtype", "{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype" },
        { "missing field", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "must have dtype, shape and data_offsets" },
        { "extra field", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8, "unexpected or repeated field 'x'" },
        { "repeated field", "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "repeated field 'dtype'" },
        { "negative dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "integers in" },
        { "fractional dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8, "integers in" },
        { "string dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8, "integers in" },
        { "three offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8, "exactly 2" },
        { "duplicate tensor", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2, "more than once" },
        { "non-string metadata", "{\"__metadata__\":{\"k\":1}}", 0, "must be a string" },
        { "metadata array", "{\"__metadata__\":[]}", 0, "object of strings" },
        { "tensor not object", "{\"a\":[1]}", 0, "must be described by an object" },
        { "not json", "{not json}", 0, "well-formed" },
        { "unterminated", "{\"a\":{\"dtype\":\"F32\"", 0, "well-formed" },
        { "trailing comma", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},}", 1, "well-formed" },
        { "comment", "{/*c*/}", 0, "well-formed" },
        { "array root", "[]", 0, "must start with '{'" },
        { "empty header", "", 0, "must start with '{'" },
        { "two objects", "{} {}", 0, "well-formed" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_RejectsMalformedFilesWithAClearMessage(string description, string json, int dataLength, string fragment)
    {
        var ex = Assert.Throws<CheckpointFormatException>(() => Safetensors.Read(HandBuilt(json, new byte[dataLength])));
        Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal), $"{description}: '{ex.Message}' should contain '{fragment}'");
    }

    [Fact]
    public void Read_RejectsBadHeaderLengthsAndShortFiles()
    {
        Assert.Throws<CheckpointFormatException>(() => Safetensors.Read(new byte[7]));
        var tooLong = HandBuilt("{}", []);
        BinaryPrimitives.WriteUInt64LittleEndian(tooLong, 3);
        Assert.Contains("exceeds", Assert.Throws<CheckpointFormatException>(() => Safetensors.Read(tooLong)).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(tooLong, ulong.MaxValue);
        Assert.Contains("exceeds", Assert.Throws<CheckpointFormatException>(() => Safetensors.Read(tooLong)).Message);
        var invalidUtf8 = HandBuilt("{\"__metadata__\":{\"k\":\"XX\"}}", []);
        invalidUtf8[8 + 22] = 0xFF;
        invalidUtf8[8 + 23] = 0xFE;
        Assert.Throws<CheckpointFormatException>(() => Safetensors.Read(invalidUtf8));
    }

    [Fact]
    public void Read_AcceptsPaddedEmptyFile()
    {
        var file = Safetensors.Read(HandBuilt("{}      ", []));
        Assert.Empty(file.Tensors);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Read_NeverThrowsAnythingElseOnRandomCorruption()
    {
        var valid = Safetensors.ToBytes(
            [NamedTensor.FromFloats("w", [2, 3], [1, 2, 3, 4, 5, 6]), NamedTensor.FromInt64s("n", [2], [7, 8])],
            new Dictionary<string, string> { ["m"] = "x" });
        var rng = new Proxima.Random.Pcg64(11);
        int rejected = 0;
        for (int i = 0; i < 3000; i++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = 1 + rng.NextInt(4);
            for (int f = 0; f < flips; f++)
            {
                bytes[rng.NextInt(bytes.Length)] ^= (byte)(1 << rng.NextInt(8));
            }

            var input = rng.NextInt(4) == 0 ? bytes.AsSpan(0, rng.NextInt(bytes.Length)).ToArray() : bytes;
            try
            {
                Safetensors.Read(input);
            }
            catch (CheckpointFormatException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 500, $"only {rejected} corruptions were detected");
    }
}
