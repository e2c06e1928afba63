namespace Proxima.Nn;

/// <summary>
/// A differentiable layer with explicit forward and backward passes over a batch of rows.
/// <para>
/// Contract: <see cref="Forward"/> returns a tensor owned by the module (reused on the next call) and remembers
/// what <see cref="Backward"/> needs; <see cref="Backward"/> takes the gradient of the loss with respect to the last
/// output, <b>adds</b> parameter gradients into <see cref="Parameter.Grad"/>, and returns the gradient with respect
/// to the last input (also module-owned). Backward always refers to the most recent Forward.
/// Neither allocates once buffers have grown to the largest batch seen.
/// </para>
/// </summary>
public abstract class Module
{
    /// <summary>Number of features per input row.</summary>
    public abstract int InputSize { get; }

    /// <summary>Number of features per output row.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Computes the output for a batch of rows <c>[batch, InputSize]</c>.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Backpropagates <paramref name="gradOutput"/> <c>[batch, OutputSize]</c>; returns the input gradient.</summary>
    public abstract Tensor Backward(Tensor gradOutput);

    /// <summary>This module's own parameters (not its children's).</summary>
    public virtual IEnumerable<Parameter> OwnParameters() => [];

    /// <summary>Named child modules.</summary>
    public virtual IEnumerable<(string Name, Module Module)> Children() => [];

    /// <summary>A short description of the layer type and its sizes, used for summaries and export.</summary>
    public virtual string Describe() => $"{GetType().Name}({InputSize} -> {OutputSize})";

    /// <summary>All parameters of this module and its descendants with dotted names (e.g. <c>0.weight</c>).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var p in OwnParameters())
        {
            yield return (prefix + p.Name, p);
        }

        foreach (var (name, child) in Children())
        {
            foreach (var item in child.NamedParameters(prefix + name + "."))
            {
                yield return item;
            }
        }
    }
}
