using Proxima.Envs.ClassicControl;
using Proxima.Envs.Spaces;
using Proxima.Envs.Wrappers;

namespace Proxima.Tests.Envs.Wrappers;

public class ObservationFilterTests
{
    [Fact]
    public void KeepsTheChosenEntriesInOrderWithTheirBounds()
    {
        using var env = new ObservationFilter(new AcrobotEnv(), 5, 0);
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([(float)-AcrobotEnv.MaxVel2, -1f], box.Low.ToArray());
        Assert.Equal([(float)AcrobotEnv.MaxVel2, 1f], box.High.ToArray());

        var obs = new float[2];
        env.Reset(obs, 2);
        Assert.Equal([env.FullObservation[5], env.FullObservation[0]], obs);
        env.Step([2f], obs);
        Assert.Equal([env.FullObservation[5], env.FullObservation[0]], obs);
    }

    [Fact]
    public void RejectsBadIndicesAndBuffers()
    {
        Assert.Throws<ArgumentException>(() => new ObservationFilter(new CartPoleEnv(), 4));
        Assert.Throws<ArgumentException>(() => new ObservationFilter(new CartPoleEnv(), 1, 1));
        Assert.Throws<ArgumentException>(() => new ObservationFilter(new CartPoleEnv()));
        using var env = new ObservationFilter(new CartPoleEnv(), 0, 2);
        Assert.Throws<ArgumentException>(() => env.Reset(new float[4], 0));
    }
}
