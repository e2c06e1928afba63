namespace Proxima.Optim;

/// <summary>
/// One per-parameter state buffer of an optimizer, addressed by the parameter's dotted name and a slot name
/// (e.g. <c>("actor.0.weight", "exp_avg")</c>), so checkpoints survive changes in buffer layout and can be
/// checked against the network they are loaded into.
/// </summary>
/// <param name="ParameterName">Dotted parameter name as listed by <see cref="Proxima.Nn.ParameterSet.Names"/>.</param>
/// <param name="Slot">State slot (PyTorch's names: <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>).</param>
/// <param name="Values">The state values, one per parameter element, in the parameter's row-major order.</param>
public sealed record OptimizerStateEntry(string ParameterName, string Slot, float[] Values);
