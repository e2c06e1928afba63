using Proxima.Nn;

namespace Proxima.Checkpoints;

/// <summary>
/// Checks that checkpoint policy tensors match the network they are loaded into (same names, same shapes) and
/// copies them in, reporting every difference at once.
/// </summary>
public static class CheckpointValidation
{
    /// <summary>
    /// The differences between <paramref name="tensors"/> and <paramref name="expected"/> (name, shape) pairs, one
    /// line each: missing tensors, unexpected tensors, shape and dtype mismatches. Empty when they match.
    /// </summary>
    public static IReadOnlyList<string> Diff(IReadOnlyList<NamedTensor> tensors, IReadOnlyList<(string Name, int[] Shape)> expected)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(expected);
        var problems = new List<string>();
        var actual = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (!actual.TryAdd(t.Name, t))
            {
                problems.Add($"duplicate: '{t.Name}' appears more than once");
            }
        }

        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape) in expected)
        {
            expectedNames.Add(name);
            string want = $"[{string.Join(", ", shape)}]";
            if (!actual.TryGetValue(name, out var t))
            {
                problems.Add($"missing: '{name}' {want}");
            }
            else if (!t.Shape.AsSpan().SequenceEqual(shape))
            {
                problems.Add($"shape: '{name}' is {t.DescribeShape()} in the checkpoint, the network expects {want}");
            }
            else if (t.DType != SafetensorsDType.F32)
            {
                problems.Add($"dtype: '{name}' is {SafetensorsDTypes.NameOf(t.DType)}, expected F32");
            }
        }

        foreach (var t in tensors)
        {
            if (!expectedNames.Contains(t.Name))
            {
                problems.Add($"unexpected: '{t.Name}' {t.DescribeShape()} is not a parameter of the network");
            }
        }

        return problems;
    }

    /// <summary>Throws <see cref="CheckpointFormatException"/> listing every difference when the tensors do not match.</summary>
    public static void ValidatePolicy(IReadOnlyList<NamedTensor> tensors, IReadOnlyList<(string Name, int[] Shape)> expected)
    {
        var problems = Diff(tensors, expected);
        if (problems.Count > 0)
        {
            throw new CheckpointFormatException(
                $"The checkpoint's policy does not match the network ({problems.Count} difference{(problems.Count == 1 ? "" : "s")}):"
                + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }
    }

    /// <summary>The (name, shape) list of a parameter set, in buffer order.</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> ExpectedShapes(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Names.Select((n, i) => (n, (int[])parameters.Parameters[i].Shape.Clone())).ToArray();
    }

    /// <summary>The parameters' current values as F32 tensors named as the parameters.</summary>
    public static IReadOnlyList<NamedTensor> ToTensors(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Names.Select((n, i) => NamedTensor.FromFloats(n, parameters.Parameters[i].Shape, parameters.Parameters[i].Value)).ToArray();
    }

    /// <summary>Validates <paramref name="tensors"/> against <paramref name="parameters"/> and copies them in (nothing is written on mismatch).</summary>
    public static void LoadInto(ParameterSet parameters, IReadOnlyList<NamedTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ValidatePolicy(tensors, ExpectedShapes(parameters));
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        for (int i = 0; i < parameters.Names.Count; i++)
        {
            byName[parameters.Names[i]].ToFloats().CopyTo(parameters.Parameters[i].Value);
        }
    }
}
