using Proxima.Envs.Spaces;
using Proxima.Nn;

namespace Proxima.Policies;

/// <summary>
/// Turns encoded observations [rows, space.Size] into network input features [rows, space.FlatSize]:
/// boxes pass through, discrete parts become one-hot, and a Dict's keys are encoded each by its own rule and
/// concatenated in key order. A Box-only observation is a straight copy.
/// </summary>
public sealed class ObservationEncoder
{
    private readonly Space _space;
    private readonly bool _isIdentity;
    private readonly Tensor _features;

    /// <summary>Creates an encoder for observations of <paramref name="space"/>.</summary>
    public ObservationEncoder(Space space)
    {
        _space = space;
        _isIdentity = space is Box or MultiBinary;
        _features = new Tensor(0, space.FlatSize);
    }

    /// <summary>Floats per encoded observation.</summary>
    public int InputSize => _space.Size;

    /// <summary>Features per row produced.</summary>
    public int FeatureSize => _space.FlatSize;

    /// <summary>Encodes <paramref name="rows"/> observations; the returned tensor is owned by the encoder and reused.</summary>
    public Tensor Encode(ReadOnlySpan<float> observations, int rows)
    {
        int size = _space.Size;
        if (observations.Length < rows * size)
        {
            throw new ArgumentException($"Expected {rows} observations of {size} floats ({rows * size}), got {observations.Length}.", nameof(observations));
        }

        _features.SetRows(rows);
        var features = _features.Span;
        if (_isIdentity)
        {
            observations[..(rows * size)].CopyTo(features);
        }
        else
        {
            int flat = _space.FlatSize;
            for (int r = 0; r < rows; r++)
            {
                _space.Flatten(observations.Slice(r * size, size), features.Slice(r * flat, flat));
            }
        }

        return _features;
    }
}
