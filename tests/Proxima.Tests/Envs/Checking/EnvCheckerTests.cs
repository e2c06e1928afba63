using Proxima.Envs;
using Proxima.Envs.Checking;
using Proxima.Envs.Registry;
using Proxima.Envs.Wrappers;

namespace Proxima.Tests.Envs.Checking;

public class EnvCheckerTests
{
    public static TheoryData<string> BuiltInIds() =>
        new("CartPole-v1", "CartPoleNoVel-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "PendulumNoVel-v1");

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void BuiltInEnvironmentsPass(string id)
    {
        using var env = EnvRegistry.Make(id);
        var report = EnvChecker.Check(env, 1, 300);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(300, report.StepsRun);
    }

    [Fact]
    public void ACorrectEnvironmentHasNoFindings()
    {
        var report = EnvChecker.Check(new FaultyEnv(Fault.None), 0, 100);
        Assert.True(report.IsValid);
        Assert.Empty(report.Errors);
        Assert.Empty(report.Warnings);
        Assert.Equal(10, report.EpisodesCompleted);
        Assert.StartsWith("OK: FaultyEnv (100 steps, 10 episodes", report.ToString());
    }

    [Theory]
    [InlineData(Fault.NanObservation, "Observation entry 1 is NaN after step 2")]
    [InlineData(Fault.UnwrittenEntry, "Observation entry 1 is NaN after Reset")]
    [InlineData(Fault.OutOfSpace, "entry 0 = 3 is outside [-1, 1]")]
    [InlineData(Fault.InfiniteReward, "Step 1 returned a non-finite reward (Infinity)")]
    [InlineData(Fault.NotDeterministic, "Not deterministic under a seed")]
    [InlineData(Fault.ThrowsOnStep, "Step 3 (action")]
    public void FaultsAreReportedAsErrors(Fault fault, string message)
    {
        var report = EnvChecker.Check(new FaultyEnv(fault), 0, 100);
        Assert.False(report.IsValid);
        Assert.Contains(report.Errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.StartsWith("FAILED", report.ToString());
    }

    [Fact]
    public void RepeatedFindingsAreCounted()
    {
        // The out-of-space observation recurs in every episode (step 5 of each), reported once with a count.
        var report = EnvChecker.Check(new FaultyEnv(Fault.OutOfSpace), 0, 100);
        Assert.Single(report.Errors);
        Assert.Contains("(9 more like this)", report.Errors[0]);
    }

    [Theory]
    [InlineData(Fault.IgnoresSeed, "the seed may be ignored")]
    [InlineData(Fault.NeverEnds, "No episode ended within 100 steps")]
    [InlineData(Fault.NoBufferCheck, "Reset accepted an observation buffer of 3 entries")]
    public void DubiousBehaviourIsReportedAsWarnings(Fault fault, string message)
    {
        var report = EnvChecker.Check(new FaultyEnv(fault), 0, 100);
        Assert.True(report.IsValid, report.ToString());
        Assert.Contains(report.Warnings, w => w.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void ActionSpacesAreChecked()
    {
        var unbounded = EnvChecker.Check(new UnboundedActionEnv());
        Assert.Contains(unbounded.Errors, e => e.Contains("must have finite lower and upper bounds", StringComparison.Ordinal));

        using var pendulum = EnvRegistry.Make("Pendulum-v1");
        var report = EnvChecker.Check(pendulum);
        Assert.Contains(report.Warnings, w => w.Contains("not the symmetric box [-1, 1]", StringComparison.Ordinal));
        using var rescaled = new RescaleAction(EnvRegistry.Make("Pendulum-v1"));
        Assert.DoesNotContain(EnvChecker.Check(rescaled).Warnings, w => w.Contains("symmetric", StringComparison.Ordinal));
    }

    [Fact]
    public void MaskedEnvironmentsAreSteppedWithValidActions()
    {
        var env = new MaskedActionRecorder();
        var report = EnvChecker.Check(env, 0, 100);
        Assert.True(report.IsValid, report.ToString());
        Assert.DoesNotContain(0f, env.Actions);
        Assert.Contains(1f, env.Actions);
        Assert.Contains(2f, env.Actions);

        var empty = EnvChecker.Check(new MaskedFaultyEnv(Fault.EmptyMask));
        Assert.Contains(empty.Errors, e => e.Contains("allows no action", StringComparison.Ordinal));
    }

    [Fact]
    public void ExceptionsFromResetBecomeErrors()
    {
        var report = EnvChecker.Check(new ThrowingResetEnv());
        Assert.Contains(report.Errors, e => e.StartsWith("The first Reset(seed) threw NotSupportedException: nope", StringComparison.Ordinal));
    }

    private sealed class MaskedActionRecorder() : IEnv, IActionMaskProvider
    {
        private readonly MaskedFaultyEnv _inner = new(Fault.None);

        public List<float> Actions { get; } = [];

        public Proxima.Envs.Spaces.Space ObservationSpace => _inner.ObservationSpace;

        public Proxima.Envs.Spaces.Space ActionSpace => _inner.ActionSpace;

        public int ActionMaskSize => _inner.ActionMaskSize;

        public void WriteActionMask(Span<bool> mask) => _inner.WriteActionMask(mask);

        public void Reset(Span<float> observation, ulong? seed = null) => _inner.Reset(observation, seed);

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            Actions.Add(action[0]);
            return _inner.Step(action, observation);
        }

        public void Dispose()
        {
        }
    }

    private sealed class ThrowingResetEnv() : FaultyEnv(Fault.None), IEnv
    {
        void IEnv.Reset(Span<float> observation, ulong? seed) => throw new NotSupportedException("nope");
    }
}
