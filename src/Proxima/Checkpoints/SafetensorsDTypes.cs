namespace Proxima.Checkpoints;

/// <summary>Names and element sizes of <see cref="SafetensorsDType"/> values as the safetensors header spells them.</summary>
public static class SafetensorsDTypes
{
    private static readonly (SafetensorsDType Type, string Name, int Size)[] Table =
    [
        (SafetensorsDType.Bool, "BOOL", 1),
        (SafetensorsDType.U8, "U8", 1),
        (SafetensorsDType.I8, "I8", 1),
        (SafetensorsDType.F8E5M2, "F8_E5M2", 1),
        (SafetensorsDType.F8E4M3, "F8_E4M3", 1),
        (SafetensorsDType.I16, "I16", 2),
        (SafetensorsDType.U16, "U16", 2),
        (SafetensorsDType.F16, "F16", 2),
        (SafetensorsDType.BF16, "BF16", 2),
        (SafetensorsDType.I32, "I32", 4),
        (SafetensorsDType.U32, "U32", 4),
        (SafetensorsDType.F32, "F32", 4),
        (SafetensorsDType.F64, "F64", 8),
        (SafetensorsDType.I64, "I64", 8),
        (SafetensorsDType.U64, "U64", 8),
    ];

    /// <summary>Bytes per element.</summary>
    public static int SizeOf(SafetensorsDType type) => Find(type).Size;

    /// <summary>The header spelling (e.g. <c>F32</c>).</summary>
    public static string NameOf(SafetensorsDType type) => Find(type).Name;

    /// <summary>Parses a header spelling; false for unknown names (matching is exact and case-sensitive).</summary>
    public static bool TryParse(string name, out SafetensorsDType type)
    {
        foreach (var entry in Table)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                type = entry.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    private static (SafetensorsDType Type, string Name, int Size) Find(SafetensorsDType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Type == type)
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown safetensors dtype.");
    }
}
