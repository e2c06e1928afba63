namespace Proxima.Checkpoints;

/// <summary>Element types of the safetensors format (the header's <c>dtype</c> strings).</summary>
public enum SafetensorsDType
{
    /// <summary>Boolean, one byte.</summary>
    Bool,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>8-bit float (E5M2).</summary>
    F8E5M2,

    /// <summary>8-bit float (E4M3).</summary>
    F8E4M3,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Unsigned 16-bit integer.</summary>
    U16,

    /// <summary>IEEE half-precision float.</summary>
    F16,

    /// <summary>bfloat16.</summary>
    BF16,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Unsigned 32-bit integer.</summary>
    U32,

    /// <summary>IEEE single-precision float.</summary>
    F32,

    /// <summary>IEEE double-precision float.</summary>
    F64,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
}
