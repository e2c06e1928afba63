using System.Buffers.Binary;
using System.Text;

namespace Proxima.Tests.Tracking;

/// <summary>
/// Test-side reader of TensorBoard event files, written independently of the production encoder: TFRecord framing
/// with both masked CRC-32C checks (bitwise CRC, no table) and a generic protobuf field decoder.
/// </summary>
internal static class TfEventReader
{
    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<(string Tag, float Value)> Scalars);

    public static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < file.Length)
        {
            if (file.Length - pos < 12)
            {
                throw new InvalidDataException($"truncated header at {pos}");
            }

            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos, 8));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8, 4));
            if (lengthCrc != MaskedCrc(file.AsSpan(pos, 8)))
            {
                throw new InvalidDataException($"length CRC mismatch at {pos}");
            }

            pos += 12;
            if ((ulong)(file.Length - pos) < length + 4)
            {
                throw new InvalidDataException($"truncated record at {pos}");
            }

            byte[] data = file.AsSpan(pos, (int)length).ToArray();
            pos += (int)length;
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos, 4));
            if (dataCrc != MaskedCrc(data))
            {
                throw new InvalidDataException($"data CRC mismatch at {pos}");
            }

            pos += 4;
            records.Add(data);
        }

        return records;
    }

    public static List<Event> ReadEvents(string path) => ReadRecords(File.ReadAllBytes(path)).Select(DecodeEvent).ToList();

    public static Event DecodeEvent(byte[] data)
    {
        double wall = double.NaN;
        long step = 0;
        string? version = null;
        var scalars = new List<(string, float)>();
        foreach (var f in Fields(data))
        {
            switch (f.Number, f.WireType)
            {
                case (1, 1):
                    wall = BitConverter.Int64BitsToDouble((long)f.Fixed);
                    break;
                case (2, 0):
                    step = (long)f.Varint;
                    break;
                case (3, 2):
                    version = Encoding.UTF8.GetString(f.Bytes);
                    break;
                case (5, 2):
                    foreach (var v in Fields(f.Bytes))
                    {
                        Assert.Equal((1, 2), (v.Number, v.WireType));
                        string? tag = null;
                        float? value = null;
                        foreach (var vf in Fields(v.Bytes))
                        {
                            if (vf is { Number: 1, WireType: 2 })
                            {
                                tag = Encoding.UTF8.GetString(vf.Bytes);
                            }
                            else if (vf is { Number: 2, WireType: 5 })
                            {
                                value = BitConverter.Int32BitsToSingle((int)vf.Fixed);
                            }
                            else
                            {
                                throw new InvalidDataException($"unexpected Value field {vf.Number}/{vf.WireType}");
                            }
                        }

                        scalars.Add((tag ?? throw new InvalidDataException("no tag"), value ?? throw new InvalidDataException("no simple_value")));
                    }

                    break;
                default:
                    throw new InvalidDataException($"unexpected Event field {f.Number}/{f.WireType}");
            }
        }

        return new Event(wall, step, version, scalars);
    }

    public readonly record struct Field(int Number, int WireType, ulong Varint, ulong Fixed, byte[] Bytes);

    public static IEnumerable<Field> Fields(byte[] data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = ReadVarint(data, ref pos);
            int number = (int)(key >> 3);
            int wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    yield return new Field(number, wire, ReadVarint(data, ref pos), 0, []);
                    break;
                case 1:
                    yield return new Field(number, wire, 0, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(pos, 8)), []);
                    pos += 8;
                    break;
                case 2:
                    int len = checked((int)ReadVarint(data, ref pos));
                    yield return new Field(number, wire, 0, 0, data.AsSpan(pos, len).ToArray());
                    pos += len;
                    break;
                case 5:
                    yield return new Field(number, wire, 0, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos, 4)), []);
                    pos += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    private static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint too long");
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
            }
        }

        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }
}
