namespace Proxima.Checkpoints;

/// <summary>
/// The validated contents of a safetensors file: its tensors (sorted by name) and its optional string metadata.
/// Produced by <see cref="Safetensors.Read(Stream)"/>; lookups of missing tensors or of the wrong element type throw
/// <see cref="CheckpointFormatException"/> because they mean the file is not what the caller expects.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly Dictionary<string, NamedTensor> _byName;

    /// <summary>Wraps already-validated tensors and metadata.</summary>
    public SafetensorsFile(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        _byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (!_byName.TryAdd(t.Name, t))
            {
                throw new ArgumentException($"Duplicate tensor name '{t.Name}'.", nameof(tensors));
            }
        }

        Tensors = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        Metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
    }

    /// <summary>All tensors, sorted by name (ordinal).</summary>
    public IReadOnlyList<NamedTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor names, sorted.</summary>
    public IEnumerable<string> Names => Tensors.Select(t => t.Name);

    /// <summary>Whether a tensor of this name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The tensor of this name.</summary>
    public NamedTensor Get(string name) => _byName.TryGetValue(name, out var t)
        ? t
        : throw new CheckpointFormatException(
            $"The file has no tensor named '{name}'. It has: {(Tensors.Count == 0 ? "(none)" : string.Join(", ", Names))}.");

    /// <summary>The elements of the F32 tensor of this name.</summary>
    public float[] GetFloats(string name) => Get(name).ToFloats();

    /// <summary>The elements of the F64 tensor of this name.</summary>
    public double[] GetDoubles(string name) => Get(name).ToDoubles();

    /// <summary>The elements of the I64 tensor of this name.</summary>
    public long[] GetInt64s(string name) => Get(name).ToInt64s();
}
