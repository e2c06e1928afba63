using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class ActionHeadsTests
{
    [Fact]
    public void DiscreteMapsToCategoricalWithItsStart()
    {
        var head = Assert.IsType<CategoricalHead>(ActionHeads.Create(new Discrete(4, start: 2), 8));
        Assert.Equal((8, 1, 4, 2), (head.LatentSize, head.ActionSize, head.N, head.Start));
    }

    [Fact]
    public void BoxMapsToDiagGaussianWithTheOptions()
    {
        var box = new Box(-1f, 1f, 2, 3);
        var head = Assert.IsType<DiagGaussianHead>(ActionHeads.Create(box, 16));
        Assert.Equal((16, 6), (head.LatentSize, head.ActionSize));
        Assert.False(head.StateDependentStd);

        var sd = Assert.IsType<DiagGaussianHead>(ActionHeads.Create(box, 16, new ActionHeadOptions(LogStdInit: -1f, StateDependentStd: true)));
        Assert.True(sd.StateDependentStd);

        var plain = ActionHeads.Create(box, 16, new ActionHeadOptions(LogStdInit: -1f));
        Assert.All(plain.NamedParameters().Single(p => p.Name == "log_std").Parameter.Value.ToArray(), v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void UnsupportedSpacesThrowAClearError()
    {
        var ex = Assert.Throws<NotSupportedException>(() => ActionHeads.Create(new OddSpace(), 4));
        Assert.Contains("OddSpace", ex.Message);
    }

    private sealed class OddSpace : Space
    {
        public override int Size => 1;

        public override int FlatSize => 1;

        public override void Sample(Pcg64 rng, Span<float> destination) => destination[0] = 0f;

        public override bool Contains(ReadOnlySpan<float> value) => true;

        public override void Flatten(ReadOnlySpan<float> value, Span<float> destination) => value.CopyTo(destination);

        public override string ToString() => "OddSpace";
    }
}
