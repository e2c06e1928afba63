using Proxima.Envs.Spaces;

namespace Proxima.Distributions;

/// <summary>Builds the action head that matches an action space.</summary>
public static class ActionHeads
{
    /// <summary>
    /// Creates the head for <paramref name="actionSpace"/>: Discrete → <see cref="CategoricalHead"/>,
    /// Box → <see cref="DiagGaussianHead"/> (or gSDE / Beta per <paramref name="options"/>),
    /// MultiDiscrete → <see cref="MultiCategoricalHead"/>, MultiBinary → <see cref="BernoulliHead"/>,
    /// Dict → <see cref="HybridHead"/> with one sub-head per key (same options).
    /// Throws <see cref="NotSupportedException"/> for spaces without a head.
    /// </summary>
    public static ActionHead Create(Space actionSpace, int latentSize, ActionHeadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        options ??= new ActionHeadOptions();
        return actionSpace switch
        {
            Discrete d => new CategoricalHead(latentSize, d.N, d.Start),
            Box box => CreateContinuous(box, latentSize, options),
            MultiDiscrete md => new MultiCategoricalHead(latentSize, md.Nvec),
            MultiBinary mb => new BernoulliHead(latentSize, mb.N),
            DictSpace dict => new HybridHead(latentSize, dict.Entries.Select(e => (e.Key, Create(e.Space, latentSize, options))).ToArray()),
            _ => throw new NotSupportedException(
                $"No action head for action space {actionSpace}. Supported: Discrete, Box, MultiDiscrete, MultiBinary and Dict spaces of these."),
        };
    }

    private static ActionHead CreateContinuous(Box box, int latentSize, ActionHeadOptions options) => options.Continuous switch
    {
        ContinuousDistribution.Gaussian => new DiagGaussianHead(latentSize, box.Size, options.LogStdInit, options.StateDependentStd),
        ContinuousDistribution.Gsde => new GsdeHead(latentSize, box.Size, options.LogStdInit, options.FullStd, options.UseExpln),
        ContinuousDistribution.Beta when !box.IsBounded => throw new NotSupportedException(
            $"The Beta distribution needs a bounded Box action space, got {box}; use Gaussian or gSDE instead."),
        ContinuousDistribution.Beta => new BetaHead(latentSize, box),
        _ => throw new NotSupportedException($"Unknown continuous distribution {options.Continuous}."),
    };
}
