using Proxima.Envs;
using Proxima.Envs.Memory;
using Proxima.Evaluation;
using Proxima.Optim;
using Proxima.Policies;
using Proxima.Training;

namespace Proxima.Tests.Training;

public class RecurrentTrainingTests
{
    private static PpoConfig MemoryConfig(bool recurrent, int steps = 10, int bptt = 4, int envs = 4, ulong seed = 3) => new()
    {
        Seed = seed,
        NumEnvs = envs,
        NSteps = steps,
        BpttLength = bptt,
        BatchSize = 64,
        NEpochs = 4,
        LearningRate = new ConstantSchedule(2e-3),
        EntCoef = 0.01,
        Policy = new PolicyConfig
        {
            PiLayers = [16],
            VfLayers = [16],
            Recurrent = recurrent ? new RecurrentConfig { HiddenSize = 16 } : null,
        },
    };

    private static IVectorEnv MemoryEnvs(int count, int corridor) =>
        PpoTrainerTests.Vector(() => new RememberCueEnv(corridor), count);

    [Fact]
    public void ChunksNeverMixRowsOrStepsAndPaddingIsMarkedInvalid()
    {
        const int T = 7, rows = 3, L = 3, S = 2;
        var batch = new RolloutBatch(T, rows, 2, 1, 0, S);
        for (int t = 0; t < T; t++)
        {
            for (int r = 0; r < rows; r++)
            {
                int i = (t * rows) + r;
                batch.Observations[i * 2] = r;
                batch.Observations[(i * 2) + 1] = t;
                batch.RecurrentStates![i * S] = (100 * r) + t;
                batch.LogProbs[i] = (1000 * r) + t;
                batch.EpisodeStarts[i] = t == 4;
            }
        }

        int chunks = ChunkLayout.ChunksPerRow(T, L) * rows;
        Assert.Equal(9, chunks);
        var mb = new MinibatchBuffers(2, 1, 0, S);
        mb.EnsureCapacity(L, 4, 0);
        int[] ids = [8, 0, 4, 6];
        mb.Gather(batch, ids, L);
        Assert.Equal(L * ids.Length, mb.Entries);
        var seen = new HashSet<(int Row, int Step)>();
        int valid = 0;
        for (int q = 0; q < ids.Length; q++)
        {
            var (row, start, length) = ChunkLayout.Locate(ids[q], rows, T, L);
            Assert.Equal((100 * row) + start, mb.InitialStates[q * S]);
            for (int j = 0; j < L; j++)
            {
                int p = (j * ids.Length) + q;
                bool isValid = mb.ValidIndex.AsSpan(0, mb.ValidCount).Contains(p);
                Assert.Equal(j < length, isValid);
                Assert.Equal(row, mb.Observations[p * 2]);
                if (isValid)
                {
                    valid++;
                    Assert.Equal(start + j, mb.Observations[(p * 2) + 1]);
                    Assert.True(seen.Add((row, start + j)));
                    Assert.Equal(start + j == 4, mb.EpisodeStarts[p]);
                }
                else
                {
                    Assert.False(mb.EpisodeStarts[p]);
                }
            }
        }

        Assert.Equal(valid, mb.ValidCount);

        // Loss-side arrays hold exactly the valid entries, in padded order.
        for (int v = 0; v < mb.ValidCount; v++)
        {
            int p = mb.ValidIndex[v];
            int row = (int)mb.Observations[p * 2], step = (int)mb.Observations[(p * 2) + 1];
            Assert.Equal((1000 * row) + step, mb.OldLogProbs[v]);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(10)]
    public void LearningTimeLogProbsEqualCollectionTimeBeforeAnyUpdate(int bptt)
    {
        using var env = MemoryEnvs(4, 2);
        var trainer = new PpoTrainer(MemoryConfig(true, steps: 10, bptt: bptt), env);
        trainer.CollectRollouts(10);
        var batch = trainer.CollectRollouts(10);
        Assert.NotNull(batch.RecurrentStates);
        Assert.Contains(batch.EpisodeStarts, s => s);

        // Every chunk, scored as Learn scores it, reproduces the log-probs and values of collection (ratio 1).
        int L = trainer.ChunkLength(batch.Steps);
        int chunks = ChunkLayout.ChunksPerRow(batch.Steps, L) * batch.Rows;
        var mb = new MinibatchBuffers(batch.ObservationSize, batch.ActionSize, 0, batch.RecurrentStateSize);
        mb.EnsureCapacity(L, chunks, 0);
        var ids = Enumerable.Range(0, chunks).Reverse().ToArray();
        mb.Gather(batch, ids, L);
        int e = mb.Entries;
        var policy = trainer.Policy;
        policy.EvaluateActions(mb.Observations.AsSpan(0, e * batch.ObservationSize), L, chunks, mb.Actions.AsSpan(0, e), default,
            mb.InitialStates.AsSpan(0, chunks * batch.RecurrentStateSize), mb.EpisodeStarts.AsSpan(0, e), mb.LogProbs.AsSpan(0, e), mb.Entropies.AsSpan(0, e), mb.Values.AsSpan(0, e));
        for (int v = 0; v < mb.ValidCount; v++)
        {
            int p = mb.ValidIndex[v];
            Assert.Equal(mb.OldLogProbs[v], mb.LogProbs[p], 5);
            Assert.Equal(1.0, Math.Exp(mb.LogProbs[p] - mb.OldLogProbs[v]), 5);
            Assert.Equal(mb.OldValues[v], mb.Values[p], 5);
        }

        // Starting the chunks from zeros instead of the stored states gives different values: the check is sensitive.
        policy.EvaluateActions(mb.Observations.AsSpan(0, e * batch.ObservationSize), L, chunks, mb.Actions.AsSpan(0, e), default,
            default, mb.EpisodeStarts.AsSpan(0, e), mb.LogProbs.AsSpan(0, e), mb.Entropies.AsSpan(0, e), mb.Values.AsSpan(0, e));
        double gap = 0;
        for (int v = 0; v < mb.ValidCount; v++)
        {
            gap = Math.Max(gap, Math.Abs(mb.Values[mb.ValidIndex[v]] - mb.OldValues[v]));
        }

        Assert.True(gap > 1e-4, $"zero initial states changed values by only {gap}");

        // One epoch over the whole batch as a single minibatch: the KL measured before the step is 0.
        var single = new PpoTrainer(MemoryConfig(true, steps: 10, bptt: bptt) with { NEpochs = 1, BatchSize = 1000 }, MemoryEnvs(4, 2));
        single.CollectRollouts(10);
        var metrics = single.Learn(single.CollectRollouts(10));
        Assert.Equal(1, metrics.MinibatchesRun);
        Assert.True(Math.Abs(metrics.ApproxKl) < 1e-6, $"approx KL before the update = {metrics.ApproxKl}");
        Assert.Equal(0, metrics.ClipFraction);
    }

    [Fact]
    public void CarriedStateIsStoredPerStepAndZeroedAtEpisodeStarts()
    {
        using var env = MemoryEnvs(3, 1);
        var trainer = new PpoTrainer(MemoryConfig(true, steps: 9, envs: 3), env);
        var first = trainer.CollectRollouts(9).Clone();
        var second = trainer.CollectRollouts(9);
        int s = trainer.Policy.RecurrentStateSize;
        for (int i = 0; i < first.Count; i++)
        {
            var state = first.RecurrentStates.AsSpan(i * s, s);
            if (first.EpisodeStarts[i])
            {
                Assert.All(state.ToArray(), x => Assert.Equal(0f, x));
            }
            else
            {
                Assert.Contains(state.ToArray(), x => x != 0f);
            }
        }

        // The state is carried across rollouts: step 0 of the next batch continues where the last one stopped.
        for (int r = 0; r < 3; r++)
        {
            if (!second.EpisodeStarts[r])
            {
                Assert.Contains(second.RecurrentStates.AsSpan(r * s, s).ToArray(), x => x != 0f);
            }
        }
    }

    [Fact]
    public void CaptureAndRestoreCarryTheRecurrentState()
    {
        var config = MemoryConfig(true, steps: 7, bptt: 3, envs: 2);
        using var envA = MemoryEnvs(2, 3);
        var a = new PpoTrainer(config, envA);
        a.Learn(a.CollectRollouts(7));
        var saved = a.CaptureState();
        Assert.NotNull(saved.RecurrentState);
        Assert.Contains(saved.RecurrentState!, x => x != 0f);
        Assert.Equal(a.RecurrentState.ToArray(), saved.RecurrentState);

        using var envB = MemoryEnvs(2, 3);
        var b = new PpoTrainer(config, envB);
        b.RestoreState(saved);
        Assert.Equal(saved.RecurrentState, b.RecurrentState.ToArray());

        // A state of the wrong size is rejected with the other mismatches.
        var ex = Assert.Throws<ArgumentException>(() => b.RestoreState(saved with { RecurrentState = new float[3] }));
        Assert.Contains("recurrent-state", ex.Message, StringComparison.Ordinal);

        // A feed-forward trainer captures no recurrent state.
        using var envC = MemoryEnvs(2, 3);
        Assert.Null(new PpoTrainer(MemoryConfig(false, envs: 2), envC).CaptureState().RecurrentState);
    }

    [Fact]
    public void ResumeWithCarriedRecurrentStateIsExact()
    {
        var config = MemoryConfig(true, steps: 7, bptt: 3, envs: 2);
        using var envA = MemoryEnvs(2, 3);
        var a = new PpoTrainer(config, envA);
        a.Learn(a.CollectRollouts(7));
        var saved = a.CaptureState();
        Assert.NotNull(saved.Environment);
        var expected = a.CollectRollouts(7);

        using var envB = MemoryEnvs(2, 3);
        var b = new PpoTrainer(config, envB);
        b.RestoreState(saved);
        var actual = b.CollectRollouts(7);
        Assert.Equal(expected.RecurrentStates, actual.RecurrentStates);
        Assert.Equal(expected.LogProbs, actual.LogProbs);
        Assert.Equal(expected.Actions, actual.Actions);

        // Without the carried state the continuation differs (so the state is really needed).
        using var envC = MemoryEnvs(2, 3);
        var c = new PpoTrainer(config, envC);
        c.RestoreState(saved with { RecurrentState = null });
        Assert.NotEqual(expected.LogProbs, c.CollectRollouts(7).LogProbs);
    }

    [Fact]
    public void SteadyStateRecurrentCollectionAndLearningAllocateNothing()
    {
        // Padding (10 steps, chunks of 4) and episode starts inside chunks exercise every path of the chunked update.
        using var env = MemoryEnvs(4, 2);
        var trainer = new PpoTrainer(MemoryConfig(true, steps: 10, bptt: 4) with { BatchSize = 16 }, env);
        var batch = trainer.CollectRollouts(10);
        trainer.Learn(batch);
        trainer.CollectRollouts(10, batch);
        trainer.Learn(batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.CollectRollouts(10, batch);
        long collect = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, collect);

        // Learn returns a metrics record; everything else (gathering, the policy, the loss) reuses buffers.
        before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Learn(batch);
        long learn = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(learn < 1024, $"Learn allocated {learn} bytes");
    }

    [Fact]
    public void RecurrentPolicySolvesTheMemoryTaskWhileFeedForwardStaysAtChance()
    {
        const int corridor = 3;
        static double Run(bool recurrent)
        {
            var config = MemoryConfig(recurrent, steps: 32, bptt: 16, envs: 8, seed: 1) with { BatchSize = 128, NEpochs = 6, LearningRate = new ConstantSchedule(3e-3) };
            using var env = MemoryEnvs(8, corridor);
            var trainer = new PpoTrainer(config, env);
            trainer.Train(16_000);
            return Evaluator.Evaluate(trainer.Policy, () => new RememberCueEnv(corridor), 200, seed: 1000).MeanReturn;
        }

        double recurrentReturn = Run(true);
        double mlpReturn = Run(false);
        Assert.True(recurrentReturn >= 0.9, $"recurrent policy mean return {recurrentReturn}");
        Assert.True(Math.Abs(mlpReturn) <= 0.25, $"feed-forward policy mean return {mlpReturn} (chance is 0)");
    }
}
