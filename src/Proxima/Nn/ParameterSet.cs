namespace Proxima.Nn;

/// <summary>
/// All trainable parameters of a network in one flat value buffer and one flat gradient buffer, in a fixed
/// order with unique dotted names. Optimizers, gradient clipping and checkpoints work on this unit.
/// </summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, Parameter> _byName;

    /// <summary>Binds the parameters of the given named modules (names become prefixes) into flat buffers.</summary>
    public ParameterSet(params (string Prefix, Module Module)[] modules)
        : this(modules.SelectMany(m => m.Module.NamedParameters(m.Prefix.Length == 0 ? "" : m.Prefix + ".")))
    {
    }

    /// <summary>Binds an explicit list of named parameters into flat buffers.</summary>
    public ParameterSet(IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        var list = parameters.ToList();
        _byName = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (name, p) in list)
        {
            if (!_byName.TryAdd(name, p))
            {
                throw new ArgumentException($"Duplicate parameter name '{name}'. Give child modules distinct names.");
            }
        }

        Names = list.Select(x => x.Name).ToArray();
        Parameters = list.Select(x => x.Parameter).ToArray();
        int total = Parameters.Sum(p => p.Length);
        Values = new float[total];
        Grads = new float[total];
        int offset = 0;
        foreach (var p in Parameters)
        {
            p.Bind(Values, Grads, offset);
            offset += p.Length;
        }
    }

    /// <summary>Parameter names, in buffer order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Parameters, in buffer order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>All values, contiguous.</summary>
    public float[] Values { get; }

    /// <summary>All gradients, contiguous.</summary>
    public float[] Grads { get; }

    /// <summary>Total number of scalars.</summary>
    public int Count => Values.Length;

    /// <summary>Looks up a parameter by its dotted name.</summary>
    public Parameter this[string name] => _byName.TryGetValue(name, out var p)
        ? p
        : throw new KeyNotFoundException($"No parameter named '{name}'. Known: {string.Join(", ", Names)}.");

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad() => Array.Clear(Grads);
}
