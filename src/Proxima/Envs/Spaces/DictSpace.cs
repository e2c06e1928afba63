using Proxima.Random;

namespace Proxima.Envs.Spaces;

/// <summary>
/// Named subspaces. An element is the concatenation of its parts in the order the keys were given;
/// <see cref="OffsetOf"/> tells where each part starts.
/// </summary>
public sealed class DictSpace : Space
{
    private readonly (string Key, Space Space)[] _entries;
    private readonly int[] _offsets;
    private readonly int[] _flatOffsets;

    public DictSpace(params (string Key, Space Space)[] entries)
    {
        if (entries.Length == 0)
        {
            throw new ArgumentException("A Dict space needs at least one key.", nameof(entries));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in entries)
        {
            if (string.IsNullOrEmpty(key) || !seen.Add(key))
            {
                throw new ArgumentException($"Dict space keys must be non-empty and unique; '{key}' is not.", nameof(entries));
            }
        }

        _entries = entries;
        _offsets = new int[entries.Length];
        _flatOffsets = new int[entries.Length];
        int offset = 0, flat = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            _offsets[i] = offset;
            _flatOffsets[i] = flat;
            offset += entries[i].Space.Size;
            flat += entries[i].Space.FlatSize;
        }

        Size = offset;
        FlatSize = flat;
    }

    /// <summary>The keys and subspaces, in encoding order.</summary>
    public IReadOnlyList<(string Key, Space Space)> Entries => _entries;

    public override int Size { get; }

    public override int FlatSize { get; }

    /// <summary>Subspace for <paramref name="key"/>.</summary>
    public Space this[string key] => _entries[IndexOf(key)].Space;

    /// <summary>Offset of <paramref name="key"/>'s part within an encoded element.</summary>
    public int OffsetOf(string key) => _offsets[IndexOf(key)];

    /// <summary>Offset of the i-th entry's part within an encoded element.</summary>
    public int OffsetAt(int index) => _offsets[index];

    public override void Sample(Pcg64 rng, Span<float> destination)
    {
        CheckLength(destination, "destination");
        for (int i = 0; i < _entries.Length; i++)
        {
            _entries[i].Space.Sample(rng, destination.Slice(_offsets[i], _entries[i].Space.Size));
        }
    }

    public override bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Size)
        {
            return false;
        }

        for (int i = 0; i < _entries.Length; i++)
        {
            if (!_entries[i].Space.Contains(value.Slice(_offsets[i], _entries[i].Space.Size)))
            {
                return false;
            }
        }

        return true;
    }

    public override void Flatten(ReadOnlySpan<float> value, Span<float> destination)
    {
        CheckLength(value);
        for (int i = 0; i < _entries.Length; i++)
        {
            var s = _entries[i].Space;
            s.Flatten(value.Slice(_offsets[i], s.Size), destination.Slice(_flatOffsets[i], s.FlatSize));
        }
    }

    public override string ToString() => "Dict(" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Space}")) + ")";

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Key == key)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"Dict space has no key '{key}'. Keys: {string.Join(", ", _entries.Select(e => e.Key))}.");
    }
}
