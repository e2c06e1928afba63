using Proxima.Nn;

namespace Proxima.Optim;

/// <summary>
/// Base of the first-order optimizers. An optimizer updates the flat <see cref="ParameterSet.Values"/> buffer
/// from the flat <see cref="ParameterSet.Grads"/> buffer in one vectorized pass, and keeps its per-element state
/// in slots that are just as flat (one float per parameter element per slot).
/// <para>
/// Checkpoints: <see cref="ExportState"/> / <see cref="ImportState"/> address the state by parameter name and slot,
/// plus <see cref="StepCount"/>; restoring them and stepping is bit-identical to never having saved. The
/// learning rate is not part of the state: a schedule sets it before every update.
/// </para>
/// </summary>
public abstract class Optimizer
{
    private readonly List<(string Name, float[] Buffer)> _slots = [];
    private readonly Dictionary<string, int> _parameterIndex;
    private double _learningRate;

    /// <summary>Creates an optimizer over <paramref name="parameters"/> with an initial learning rate.</summary>
    protected Optimizer(ParameterSet parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        LearningRate = learningRate;
        _parameterIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < parameters.Names.Count; i++)
        {
            _parameterIndex[parameters.Names[i]] = i;
        }
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Learning rate used by the next <see cref="Step"/>. Learning-rate schedules set it before each update.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be a finite number >= 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>Number of updates applied so far (PyTorch's <c>step</c>; Adam's bias corrections use it).</summary>
    public long StepCount { get; private set; }

    /// <summary>Names of the per-parameter state slots this optimizer keeps (empty for plain SGD).</summary>
    public IReadOnlyList<string> SlotNames => _slots.Select(s => s.Name).ToArray();

    /// <summary>
    /// Applies one update from the current gradients. Gradients are left as they are; call <see cref="ZeroGrad"/>
    /// before accumulating the next ones. Allocates nothing.
    /// </summary>
    public void Step()
    {
        StepCount++;
        Update(StepCount);
    }

    /// <summary>Sets every gradient of <see cref="Parameters"/> to zero.</summary>
    public void ZeroGrad() => Parameters.ZeroGrad();

    /// <summary>Copies the per-parameter state out, one entry per (parameter, slot), in buffer order.</summary>
    public IReadOnlyList<OptimizerStateEntry> ExportState()
    {
        var entries = new List<OptimizerStateEntry>(_slots.Count * Parameters.Parameters.Count);
        foreach (var (slot, buffer) in _slots)
        {
            for (int i = 0; i < Parameters.Parameters.Count; i++)
            {
                var p = Parameters.Parameters[i];
                entries.Add(new OptimizerStateEntry(Parameters.Names[i], slot, buffer.AsSpan(p.Offset, p.Length).ToArray()));
            }
        }

        return entries;
    }

    /// <summary>
    /// Restores state saved by <see cref="ExportState"/>. Every (parameter, slot) pair must appear exactly once with
    /// the parameter's length; everything is validated before anything is written, so a failed import leaves the
    /// optimizer unchanged.
    /// </summary>
    public void ImportState(IEnumerable<OptimizerStateEntry> entries, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        int parameterCount = Parameters.Parameters.Count;
        var found = new OptimizerStateEntry?[_slots.Count, parameterCount];
        foreach (var e in entries)
        {
            if (!_parameterIndex.TryGetValue(e.ParameterName, out int pi))
            {
                throw new ArgumentException(
                    $"Optimizer state names unknown parameter '{e.ParameterName}'. The network has: {string.Join(", ", Parameters.Names)}. "
                    + "Load state saved from the same architecture.",
                    nameof(entries));
            }

            int si = _slots.FindIndex(s => s.Name == e.Slot);
            if (si < 0)
            {
                throw new ArgumentException(
                    $"Optimizer state for '{e.ParameterName}' has unknown slot '{e.Slot}'; {GetType().Name} keeps "
                    + (_slots.Count == 0 ? "no slots" : string.Join(", ", _slots.Select(s => s.Name)))
                    + ". Load state saved by the same optimizer type and settings.",
                    nameof(entries));
            }

            int expected = Parameters.Parameters[pi].Length;
            if (e.Values is null || e.Values.Length != expected)
            {
                throw new ArgumentException(
                    $"Optimizer state '{e.Slot}' for '{e.ParameterName}' has {e.Values?.Length ?? 0} values but the parameter "
                    + $"has {expected} (shape [{string.Join(", ", Parameters.Parameters[pi].Shape)}]).",
                    nameof(entries));
            }

            if (found[si, pi] is not null)
            {
                throw new ArgumentException($"Optimizer state '{e.Slot}' for '{e.ParameterName}' appears more than once.", nameof(entries));
            }

            found[si, pi] = e;
        }

        for (int si = 0; si < _slots.Count; si++)
        {
            for (int pi = 0; pi < parameterCount; pi++)
            {
                if (found[si, pi] is null)
                {
                    throw new ArgumentException(
                        $"Optimizer state is missing slot '{_slots[si].Name}' for parameter '{Parameters.Names[pi]}'.",
                        nameof(entries));
                }
            }
        }

        for (int si = 0; si < _slots.Count; si++)
        {
            for (int pi = 0; pi < parameterCount; pi++)
            {
                var p = Parameters.Parameters[pi];
                found[si, pi]!.Values.CopyTo(_slots[si].Buffer.AsSpan(p.Offset, p.Length));
            }
        }

        StepCount = stepCount;
    }

    /// <summary>Applies update number <paramref name="step"/> (1-based) over the flat buffers.</summary>
    protected abstract void Update(long step);

    /// <summary>Allocates a zeroed state slot covering every parameter element (call from the constructor).</summary>
    protected float[] AddSlot(string name)
    {
        var buffer = new float[Parameters.Count];
        _slots.Add((name, buffer));
        return buffer;
    }
}
