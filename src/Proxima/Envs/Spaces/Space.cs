using Proxima.Random;

namespace Proxima.Envs.Spaces;

/// <summary>
/// The set of valid observations or actions. Every element is encoded as <see cref="Size"/> float32 values
/// (a discrete choice as its integer value, a box as its entries in row-major order, a Dict as its parts
/// concatenated in key order), which is how observations and actions travel through buffers.
/// </summary>
public abstract class Space
{
    /// <summary>Number of float32 values one element occupies in Proxima's encoding.</summary>
    public abstract int Size { get; }

    /// <summary>Size after flattening as Gymnasium's <c>flatdim</c> does (discrete parts one-hot).</summary>
    public abstract int FlatSize { get; }

    /// <summary>Draws a uniformly random element (bounded boxes uniform, unbounded sides normal/exponential) into <paramref name="destination"/>.</summary>
    public abstract void Sample(Pcg64 rng, Span<float> destination);

    /// <summary>Whether <paramref name="value"/> (length <see cref="Size"/>) is an element of this space.</summary>
    public abstract bool Contains(ReadOnlySpan<float> value);

    /// <summary>Writes the Gymnasium-style flattened form (length <see cref="FlatSize"/>) of <paramref name="value"/>.</summary>
    public abstract void Flatten(ReadOnlySpan<float> value, Span<float> destination);

    /// <summary>A compact description, e.g. <c>Box(-inf, inf, [4])</c> or <c>Discrete(2)</c>.</summary>
    public abstract override string ToString();

    /// <summary>Throws a descriptive error unless <paramref name="value"/> has length <see cref="Size"/>.</summary>
    protected void CheckLength(ReadOnlySpan<float> value, string what = "value")
    {
        if (value.Length != Size)
        {
            throw new ArgumentException($"{what} for {this} must have {Size} entries, got {value.Length}.");
        }
    }
}
