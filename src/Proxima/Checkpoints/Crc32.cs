namespace Proxima.Checkpoints;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zip and PNG use it.</summary>
internal static class Crc32
{
    private static readonly ReflectedCrc32 Algorithm = new(0xEDB88320u);

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC-32 <paramref name="crc"/> over more data.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => Algorithm.Append(crc, data);
}
