using Proxima.Nn;
using Proxima.Optim;
using Proxima.Random;

namespace Proxima.Tests.Optim;

public class OptimizerStateTests
{
    public static TheoryData<string> Kinds => new() { "adam", "adamw", "sgd-nesterov" };

    private static Optimizer Create(string kind, ParameterSet set) => kind switch
    {
        "adam" => new Adam(set, new AdamOptions(1e-2, WeightDecay: 0.01)),
        "adamw" => new AdamW(set, 1e-2),
        "sgd-nesterov" => new Sgd(set, new SgdOptions(1e-2, 0.9, Nesterov: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void Run(Optimizer opt, Pcg64 gradRng, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            opt.LearningRate = 1e-2 * (1 - (0.05 * i));
            OptimTestUtil.Fill(opt.Parameters.Grads, gradRng, 1.0);
            opt.Step();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RestoringStateThenSteppingIsBitIdenticalToNeverSaving(string kind)
    {
        var original = OptimTestUtil.Mlp(new Pcg64(1));
        var optA = Create(kind, original);
        Run(optA, new Pcg64(2), 5);

        var savedValues = (float[])original.Values.Clone();
        var savedState = optA.ExportState();
        long savedStep = optA.StepCount;

        var continuation = new Pcg64(3);
        Run(optA, continuation.Clone(), 5);

        var restored = OptimTestUtil.Mlp(new Pcg64(99));
        savedValues.CopyTo(restored.Values, 0);
        var optB = Create(kind, restored);
        optB.ImportState(savedState, savedStep);
        Assert.Equal(savedStep, optB.StepCount);
        Run(optB, continuation.Clone(), 5);

        Assert.Equal(original.Values, restored.Values);
        var stateA = optA.ExportState();
        var stateB = optB.ExportState();
        Assert.Equal(stateA.Count, stateB.Count);
        for (int i = 0; i < stateA.Count; i++)
        {
            Assert.Equal(stateA[i].ParameterName, stateB[i].ParameterName);
            Assert.Equal(stateA[i].Slot, stateB[i].Slot);
            Assert.Equal(stateA[i].Values, stateB[i].Values);
        }

        // Control: without the imported state the continuation diverges, so the equality above is not vacuous.
        var fresh = OptimTestUtil.Mlp(new Pcg64(99));
        savedValues.CopyTo(fresh.Values, 0);
        Run(Create(kind, fresh), continuation.Clone(), 5);
        Assert.NotEqual(original.Values, fresh.Values);
    }

    [Fact]
    public void ExportedEntriesAreNamedByParameterAndSlotAndAreCopies()
    {
        var set = OptimTestUtil.Mlp(new Pcg64(1));
        var adam = new Adam(set);
        set.Grads.AsSpan().Fill(0.5f);
        adam.Step();
        var state = adam.ExportState();

        string[] expectedNames = ["actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias"];
        Assert.Equal(expectedNames, set.Names);
        Assert.Equal(
            expectedNames.Select(n => (n, Adam.ExpAvgSlot)).Concat(expectedNames.Select(n => (n, Adam.ExpAvgSqSlot))),
            state.Select(e => (e.ParameterName, e.Slot)));
        Assert.Equal(35, state.Single(e => e.ParameterName == "actor.0.weight" && e.Slot == Adam.ExpAvgSlot).Values.Length);

        // m after one step is (1 − β1)·g.
        Assert.All(state[0].Values, x => Assert.Equal(0.05f, x, 1e-7f));
        state[0].Values[0] = 123f;
        Assert.NotEqual(123f, adam.ExportState()[0].Values[0]);
    }

    [Fact]
    public void ImportValidatesNamesSlotsLengthsAndCompleteness()
    {
        var set = OptimTestUtil.Mlp(new Pcg64(1));
        var adam = new Adam(set);
        var good = adam.ExportState();
        OptimizerStateEntry[] With(int index, OptimizerStateEntry replacement) =>
            good.Select((e, i) => i == index ? replacement : e).ToArray();

        var unknown = Assert.Throws<ArgumentException>(() => adam.ImportState(With(0, good[0] with { ParameterName = "critic.0.weight" }), 1));
        Assert.Contains("unknown parameter 'critic.0.weight'", unknown.Message);
        Assert.Contains("actor.0.weight", unknown.Message);

        var slot = Assert.Throws<ArgumentException>(() => adam.ImportState(With(0, good[0] with { Slot = "momentum_buffer" }), 1));
        Assert.Contains("unknown slot 'momentum_buffer'", slot.Message);
        Assert.Contains("exp_avg_sq", slot.Message);

        var length = Assert.Throws<ArgumentException>(() => adam.ImportState(With(1, good[1] with { Values = new float[6] }), 1));
        Assert.Contains("'actor.0.bias' has 6 values but the parameter has 7", length.Message);

        var missing = Assert.Throws<ArgumentException>(() => adam.ImportState(good.Take(good.Count - 1), 1));
        Assert.Contains("missing slot 'exp_avg_sq' for parameter 'actor.2.bias'", missing.Message);

        var duplicate = Assert.Throws<ArgumentException>(() => adam.ImportState(good.Append(good[2]), 1));
        Assert.Contains("more than once", duplicate.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => adam.ImportState(good, -1));
    }

    [Fact]
    public void FailedImportLeavesStateUnchanged()
    {
        var set = OptimTestUtil.Mlp(new Pcg64(1));
        var adam = new Adam(set);
        set.Grads.AsSpan().Fill(0.5f);
        adam.Step();
        var before = adam.ExportState();

        var bad = before.Select(e => e with { Values = new float[e.Values.Length] }).ToList();
        bad[^1] = bad[^1] with { Values = [] };
        Assert.Throws<ArgumentException>(() => adam.ImportState(bad, 7));

        Assert.Equal(1, adam.StepCount);
        var after = adam.ExportState();
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Values, after[i].Values);
        }
    }

    [Fact]
    public void PlainSgdHasNoStateAndRejectsAnyEntry()
    {
        var set = OptimTestUtil.Vector(1f, 2f);
        var sgd = new Sgd(set, new SgdOptions(0.1));
        Assert.Empty(sgd.ExportState());
        sgd.ImportState([], 3);
        Assert.Equal(3, sgd.StepCount);
        var ex = Assert.Throws<ArgumentException>(() => sgd.ImportState([new OptimizerStateEntry("w", "exp_avg", new float[2])], 3));
        Assert.Contains("keeps no slots", ex.Message);
    }
}
