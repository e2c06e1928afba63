namespace Proxima.Checkpoints;

/// <summary>
/// A table-driven reflected 32-bit CRC (initial value and final XOR all ones), the scheme CRC-32 and CRC-32C
/// share; only the polynomial differs.
/// </summary>
internal sealed class ReflectedCrc32
{
    private readonly uint[] _table;

    /// <summary>Builds the byte table for the reflected <paramref name="polynomial"/>.</summary>
    public ReflectedCrc32(uint polynomial)
    {
        _table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            _table[i] = c;
        }
    }

    /// <summary>Continues the CRC <paramref name="crc"/> over more data (a CRC of nothing is 0).</summary>
    public uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = _table;
        uint c = ~crc;
        foreach (byte b in data)
        {
            c = table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }
}
