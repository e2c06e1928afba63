using Proxima.Distributions;
using Proxima.Envs.Control;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Policies;
using Proxima.Random;
using Proxima.Tests.Nn;

namespace Proxima.Tests.RecurrentPolicies;

public class RecurrentPolicyTests
{
    private static PolicyConfig Config(RecurrentCell cell, CriticMemory critic, int layers = 1, int[]? keyLayers = null) => new()
    {
        PiLayers = [8],
        VfLayers = [8],
        Recurrent = new RecurrentConfig { Cell = cell, HiddenSize = 6, NumLayers = layers, Critic = critic, KeyEncoderLayers = keyLayers ?? [5] },
    };

    private static float[] Gaussian(Pcg64 rng, int n, double scale = 1.0)
    {
        var x = new float[n];
        NnTestUtil.Fill(x, rng, scale);
        return x;
    }

    private static float[] SampleActions(IActorCriticPolicy policy, Space space, Pcg64 rng, int n)
    {
        var a = new float[n * policy.ActionSize];
        for (int i = 0; i < n; i++)
        {
            space.Sample(rng, a.AsSpan(i * policy.ActionSize, policy.ActionSize));
        }

        return a;
    }

    /// <summary>Adds noise to every weight so that the recurrent path and the heads matter (default init is tiny at the heads).</summary>
    private static void Perturb(IActorCriticPolicy policy, Pcg64 rng)
    {
        foreach (var p in policy.Parameters.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] += (float)(0.3 * rng.NextGaussian());
            }
        }
    }

    public static TheoryData<RecurrentCell, CriticMemory, int> Architectures() => new()
    {
        { RecurrentCell.Lstm, CriticMemory.Separate, 1 },
        { RecurrentCell.Lstm, CriticMemory.Shared, 2 },
        { RecurrentCell.Gru, CriticMemory.None, 1 },
        { RecurrentCell.Gru, CriticMemory.Separate, 2 },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EpisodeStartInsideASequenceZeroesTheStateExactly(RecurrentCell cell, CriticMemory critic, int layers)
    {
        var obsSpace = new Box(-1f, 1f, 3);
        var actSpace = new Box(-1f, 1f, 2);
        var policy = new RecurrentActorCriticPolicy(obsSpace, actSpace, Config(cell, critic, layers), new Pcg64(3));
        var rng = new Pcg64(11);
        Perturb(policy, rng);
        const int T = 6, B = 2, cut = 3;
        var obs = Gaussian(rng, T * B * 3);
        var actions = Gaussian(rng, T * B * 2, 0.5);
        var initial = Gaussian(rng, B * policy.RecurrentStateSize);
        var starts = new bool[T * B];
        starts[(cut * B) + 0] = true; // sequence 0 starts a new episode at step 3

        float[] Run(bool[] flags, out float[] values)
        {
            var lp = new float[T * B];
            var ent = new float[T * B];
            values = new float[T * B];
            policy.EvaluateActions(obs, T, B, actions, default, initial, flags, lp, ent, values);
            return lp;
        }

        var withReset = Run(starts, out var valuesReset);
        var leaking = Run(new bool[T * B], out var valuesLeak);

        // The same episode alone, from a zero state: steps cut..T-1 of sequence 0.
        int n = T - cut;
        var subObs = new float[n * 3];
        var subAct = new float[n * 2];
        for (int t = 0; t < n; t++)
        {
            obs.AsSpan((((cut + t) * B) + 0) * 3, 3).CopyTo(subObs.AsSpan(t * 3));
            actions.AsSpan((((cut + t) * B) + 0) * 2, 2).CopyTo(subAct.AsSpan(t * 2));
        }

        var lpFresh = new float[n];
        var vFresh = new float[n];
        policy.EvaluateActions(subObs, n, 1, subAct, default, default, default, lpFresh, new float[n], vFresh);
        double leakGap = 0;
        for (int t = 0; t < n; t++)
        {
            int i = ((cut + t) * B) + 0;
            Assert.Equal(lpFresh[t], withReset[i], 5);
            Assert.Equal(vFresh[t], valuesReset[i], 5);
            leakGap = Math.Max(leakGap, Math.Abs(leaking[i] - lpFresh[t]) + Math.Abs(valuesLeak[i] - vFresh[t]));
        }

        // Without the reset the carried state changes the outputs, so the check above can fail.
        Assert.True(leakGap > 1e-3, $"leaking state changed log-probs by only {leakGap}");

        // Sequence 1 has no reset: it is unaffected by sequence 0's flag.
        for (int t = 0; t < T; t++)
        {
            Assert.Equal(leaking[(t * B) + 1], withReset[(t * B) + 1]);
            Assert.Equal(valuesLeak[(t * B) + 1], valuesReset[(t * B) + 1]);
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void StepwiseActWithCarriedStateMatchesSequenceEvaluation(RecurrentCell cell, CriticMemory critic, int layers)
    {
        var obsSpace = new Box(-1f, 1f, 3);
        var actSpace = new Discrete(3);
        var policy = new RecurrentActorCriticPolicy(obsSpace, actSpace, Config(cell, critic, layers), new Pcg64(5));
        var rng = new Pcg64(2);
        const int T = 5, B = 3;
        var obs = Gaussian(rng, T * B * 3);
        var starts = new bool[T * B];
        starts[(2 * B) + 1] = true;
        var state = Gaussian(rng, B * policy.RecurrentStateSize, 0.3);
        var initial = (float[])state.Clone();
        var actions = new float[T * B];
        var logProbs = new float[T * B];
        var values = new float[T * B];
        var sampler = new Pcg64(9);
        for (int t = 0; t < T; t++)
        {
            policy.Act(obs.AsSpan(t * B * 3, B * 3), B, default, state, starts.AsSpan(t * B, B), sampler, false,
                actions.AsSpan(t * B, B), logProbs.AsSpan(t * B, B), values.AsSpan(t * B, B));
        }

        var lp = new float[T * B];
        var v = new float[T * B];
        policy.EvaluateActions(obs, T, B, actions, default, initial, starts, lp, new float[T * B], v);
        for (int i = 0; i < T * B; i++)
        {
            Assert.Equal(logProbs[i], lp[i], 5);
            Assert.Equal(values[i], v[i], 5);
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void GradientsThroughAFullChunkMatchFiniteDifferences(RecurrentCell cell, CriticMemory critic, int layers)
    {
        var obsSpace = new PlanarArmReachEnv().ObservationSpace;
        var actSpace = new Box(-1f, 1f, 2);
        var config = Config(cell, critic, layers) with { Continuous = ContinuousDistribution.Gaussian, LogStdInit = -0.5 };
        var policy = new RecurrentActorCriticPolicy(obsSpace, actSpace, config, new Pcg64(21));
        var rng = new Pcg64(4);

        Perturb(policy, rng);

        const int T = 5, B = 2;
        int n = T * B;
        var obs = Gaussian(rng, n * obsSpace.Size, 0.7);
        var actions = Gaussian(rng, n * 2, 0.5);
        var initial = Gaussian(rng, B * policy.RecurrentStateSize, 0.5);
        var starts = new bool[n];
        starts[(3 * B) + 1] = true;
        var a = Gaussian(rng, n);
        var b = Gaussian(rng, n);
        var c = Gaussian(rng, n);
        if (critic == CriticMemory.Shared)
        {
            // A shared core is detached from the value loss (as sb3-contrib), so only the actor terms are a true gradient.
            Array.Clear(c);
        }

        var lp = new float[n];
        var ent = new float[n];
        var v = new float[n];

        double Loss()
        {
            policy.EvaluateActions(obs, T, B, actions, default, initial, starts, lp, ent, v);
            return NnTestUtil.Dot(a, lp) + NnTestUtil.Dot(b, ent) + NnTestUtil.Dot(c, v);
        }

        Loss();
        policy.Parameters.ZeroGrad();
        policy.Backward(actions, a, b, c);
        var analytic = (float[])policy.Parameters.Grads.Clone();
        var values = policy.Parameters.Values;
        var names = policy.Parameters.Names;
        int checkedCount = 0;
        for (int k = 0; k < names.Count; k++)
        {
            var p = policy.Parameters.Parameters[k];
            int stride = Math.Max(1, p.Length / 7);
            for (int i = 0; i < p.Length; i += stride)
            {
                int flat = p.Offset + i;
                double numeric = NnTestUtil.Central(values, flat, 1e-2f, Loss);
                NnTestUtil.AssertClose(numeric, analytic[flat], 5e-3, 2e-2, $"{names[k]}[{i}]");
                checkedCount++;
            }
        }

        Assert.Contains(names, x => x.StartsWith("lstm_actor.weight_hh_l0", StringComparison.Ordinal));
        Assert.Contains(names, x => x.StartsWith("features.proprio.", StringComparison.Ordinal));
        Assert.True(checkedCount > 50);
    }

    [Fact]
    public void InitialStateIsZerosAndWeightsAreOrthogonalWithZeroBiases()
    {
        var policy = new RecurrentActorCriticPolicy(new Box(-1f, 1f, 4), new Discrete(2), Config(RecurrentCell.Lstm, CriticMemory.Separate), new Pcg64(1));
        Assert.Equal(2 * 2 * 6, policy.RecurrentStateSize);
        Assert.All(policy.InitialState(3), x => Assert.Equal(0f, x));
        Assert.Equal(3 * policy.RecurrentStateSize, policy.InitialState(3).Length);
        var whh = policy.Parameters["lstm_actor.weight_hh_l0"];
        int h = 6;

        // Each gate block of weight_hh is orthogonal: block · blockᵀ = I.
        for (int g = 0; g < 4; g++)
        {
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < h; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < h; k++)
                    {
                        dot += whh.Value[(((g * h) + i) * h) + k] * whh.Value[(((g * h) + j) * h) + k];
                    }

                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 4);
                }
            }
        }

        Assert.All(policy.Parameters["lstm_actor.bias_ih_l0"].Value.ToArray(), x => Assert.Equal(0f, x));
        Assert.All(policy.Parameters["lstm_critic.bias_hh_l0"].Value.ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void ActAndEvaluateAllocateNothingOnceWarm()
    {
        var obsSpace = new PlanarArmReachEnv().ObservationSpace;
        var policy = new RecurrentActorCriticPolicy(obsSpace, new Box(-1f, 1f, 2), Config(RecurrentCell.Lstm, CriticMemory.Separate), new Pcg64(1));
        var rng = new Pcg64(2);
        var obs = Gaussian(rng, 8 * 4 * obsSpace.Size);
        var state = new float[4 * policy.RecurrentStateSize];
        var starts = new bool[4 * 8];
        var actions = new float[8 * 4 * 2];
        var lp = new float[32];
        var ent = new float[32];
        var v = new float[32];
        void Step()
        {
            policy.Act(obs.AsSpan(0, 4 * obsSpace.Size), 4, default, state, starts.AsSpan(0, 4), rng, false, actions.AsSpan(0, 8), lp.AsSpan(0, 4), v.AsSpan(0, 4));
            policy.PredictValues(obs.AsSpan(0, 4 * obsSpace.Size), 4, state, starts.AsSpan(0, 4), v.AsSpan(0, 4));
            policy.EvaluateActions(obs, 8, 4, actions, default, state, starts, lp, ent, v);
            policy.Backward(actions, lp, ent, v);
        }

        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ParallelCriticGivesBitIdenticalOutputsAndGradients(RecurrentCell cell, CriticMemory critic, int layers)
    {
        var obsSpace = new PlanarArmReachEnv().ObservationSpace;
        var actSpace = new Box(-1f, 1f, 2);
        var config = Config(cell, critic, layers) with { Continuous = ContinuousDistribution.Gaussian };
        var serial = new RecurrentActorCriticPolicy(obsSpace, actSpace, config, new Pcg64(8)) { ParallelCritic = false };
        var parallel = new RecurrentActorCriticPolicy(obsSpace, actSpace, config, new Pcg64(8)) { ParallelCritic = true };
        Perturb(serial, new Pcg64(9));
        Perturb(parallel, new Pcg64(9));

        // 16 steps × 8 sequences = 128 rows, enough for the critic branch to be forked.
        const int T = 16, B = 8;
        int n = T * B;
        Assert.True(n >= RecurrentActorCriticPolicy.ParallelMinRows);
        var rng = new Pcg64(10);
        var obs = Gaussian(rng, n * obsSpace.Size, 0.7);
        var actions = Gaussian(rng, n * 2, 0.5);
        var initial = Gaussian(rng, B * serial.RecurrentStateSize, 0.5);
        var starts = new bool[n];
        starts[(5 * B) + 3] = true;
        var gLogProb = Gaussian(rng, n);
        var gEntropy = Gaussian(rng, n);
        var gValue = Gaussian(rng, n);

        (float[] Lp, float[] Ent, float[] V, float[] Grads) Run(RecurrentActorCriticPolicy policy)
        {
            var lp = new float[n];
            var ent = new float[n];
            var v = new float[n];
            for (int repeat = 0; repeat < 3; repeat++)
            {
                policy.EvaluateActions(obs, T, B, actions, default, initial, starts, lp, ent, v);
                policy.Parameters.ZeroGrad();
                policy.Backward(actions, gLogProb, gEntropy, gValue);
            }

            return (lp, ent, v, (float[])policy.Parameters.Grads.Clone());
        }

        var a = Run(serial);
        var b = Run(parallel);
        Assert.Equal(a.Lp, b.Lp);
        Assert.Equal(a.Ent, b.Ent);
        Assert.Equal(a.V, b.V);
        Assert.Equal(a.Grads, b.Grads);
        Assert.Contains(a.Grads, x => x != 0f);
    }

    [Fact]
    public void ParallelLearningPassesAllocateNothingOnTheCallingThread()
    {
        var obsSpace = new Box(-1f, 1f, 4);
        var policy = new RecurrentActorCriticPolicy(obsSpace, new Discrete(2), Config(RecurrentCell.Lstm, CriticMemory.Separate), new Pcg64(1)) { ParallelCritic = true };
        const int T = 16, B = 8;
        var rng = new Pcg64(2);
        var obs = Gaussian(rng, T * B * obsSpace.Size);
        var state = new float[B * policy.RecurrentStateSize];
        var starts = new bool[T * B];
        var actions = new float[T * B];
        var lp = new float[T * B];
        var ent = new float[T * B];
        var v = new float[T * B];
        void Step()
        {
            policy.EvaluateActions(obs, T, B, actions, default, state, starts, lp, ent, v);
            policy.Backward(actions, lp, ent, v);
        }

        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
