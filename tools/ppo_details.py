#!/usr/bin/env python3
"""Regenerates docs/ppo-details.md: each PPO implementation detail linked to the lines that implement and test it.

Anchors are (file, regular expression); the first matching line becomes the link, so the document follows the code
when it moves. Run from the repository root: python3 tools/ppo_details.py
"""
import re
import sys

ITEMS = [
    ("Core", [
        (1, "Vectorized environments; rollouts shaped [steps, envs]",
         [("src/Proxima/Envs/IVectorEnv.cs", r"interface IVectorEnv"), ("src/Proxima/Training/RolloutBatch.cs", r"public RolloutBatch\(int steps, int rows")],
         "`SyncVectorEnv`/`ThreadedVectorEnv` step all rows into pre-allocated buffers; the batch is time-major `[steps, rows]`."),
        (2, "Orthogonal initialization: hidden √2, policy head 0.01, value head 1; biases 0",
         [("src/Proxima/Policies/ActorCriticPolicy.cs", r"Math\.Sqrt\(2\)"), ("src/Proxima/Policies/ActorCriticPolicy.cs", r"0\.01, rng"), ("src/Proxima/Nn/Init.cs", r"public static void Orthogonal")],
         "`ortho_init: false` switches to PyTorch's default (Kaiming-uniform), as SB3's `ortho_init=False`."),
        (3, "Adam with ε = 1e-5",
         [("src/Proxima/Training/PpoConfig.cs", r"AdamEpsilon \{ get; init; \} = 1e-5"), ("src/Proxima/Optim/Adam.cs", r"class Adam")],
         "`adam_epsilon` changes it."),
        (4, "Learning-rate annealing",
         [("src/Proxima/Training/PpoTrainer.cs", r"LearningRate\.ValueAt\(Progress\)"), ("src/Proxima/Optim/Schedules.cs", r"public static ILearningRateSchedule Parse")],
         "Constant, linear (`lin_3e-4`), cosine to a floor, warm-up; progress as SB3 computes it (after each rollout)."),
        (5, "GAE(λ); returns = advantages + values",
         [("src/Proxima/Training/Gae.cs", r"public static void ComputeGae"), ("tests/Proxima.Tests/Training/GaeTests.cs", r"\[Fact\]")],
         "Hand-computed test case with a truncation and a termination inside the rollout."),
        (6, "Shuffled minibatches each epoch",
         [("src/Proxima/Training/PpoTrainer.cs", r"_shuffleRng\.Shuffle\("), ("src/Proxima/Training/ChunkLayout.cs", r"public static class ChunkLayout")],
         "Seeded from the run seed (stream 2). The trainer shuffles chunks; a feed-forward policy's chunks are single transitions."),
        (7, "Advantage normalization per minibatch",
         [("src/Proxima/Training/PpoTrainer.cs", r"NormalizeAdvantages\(adv\)"), ("src/Proxima/Training/PpoLoss.cs", r"public static void NormalizeAdvantages")],
         "`normalize_advantage: false` turns it off."),
        (8, "Clipped surrogate objective",
         [("src/Proxima/Training/PpoLoss.cs", r"public static PpoLossResult Compute"), ("tests/Proxima.Tests/Training/PpoLossTests.cs", r"\[Fact\]")],
         "Per-sample analytic gradients; closed-form tests of every term."),
        (9, "Clipped value loss (optional)",
         [("src/Proxima/Training/PpoLoss.cs", r"ClipRangeVf is float vfClip")],
         "`clip_range_vf` (SB3 semantics: clipped around the collecting policy's value); off by default as in SB3."),
        (10, "One combined loss: policy − ent_coef·entropy + vf_coef·value",
         [("src/Proxima/Training/PpoLoss.cs", r"TotalLoss")],
         "The loss returns dL/dlogπ, dL/dH and dL/dV per sample; the policy backpropagates all three at once."),
        (11, "Global gradient-norm clipping (0.5)",
         [("src/Proxima/Training/PpoTrainer.cs", r"ClipGlobalNorm\(Policy\.Parameters"), ("src/Proxima/Optim/GradientClipping.cs", r"public static double ClipGlobalNorm")],
         "One pass over the flat gradient buffer; returns the pre-clip norm (logged as `train/grad_norm`)."),
        (12, "Diagnostics: policy/value loss, entropy, clip fraction, approx KL, explained variance, SPS",
         [("src/Proxima/Training/PpoMetrics.cs", r"public sealed record PpoMetrics"), ("src/Proxima.Cli/Reporting/TrackingCallback.cs", r"ReturnMetric\] =")],
         "Approx KL is the (r−1)−log r estimator; every metric goes to metrics.csv, TensorBoard and MLflow."),
        (13, "Separate actor and critic networks (64-64 tanh) by default",
         [("src/Proxima/Policies/PolicyConfig.cs", r"PiLayers \{ get; init; \} = \[64, 64\]"), ("src/Proxima/Policies/ActorCriticPolicy.cs", r"ShareTrunk \?")],
         "`policy.share_trunk: true` shares one trunk."),
    ]),
    ("Continuous control", [
        (14, "Diagonal Gaussian, state-independent log-std initialised to 0, summed log-probs",
         [("src/Proxima/Distributions/DiagGaussianHead.cs", r"class DiagGaussianHead"), ("src/Proxima/Distributions/GsdeHead.cs", r"class GsdeHead")],
         "gSDE, Beta and state-dependent std are alternatives (`use_sde`, `policy.distribution`)."),
        (15, "Clip actions to the bounds when stepping; store the unclipped sample",
         [("src/Proxima/Training/PpoTrainer.cs", r"Math\.Clamp\(actions\[i\]"), ("tests/Proxima.Tests/Training/PpoTrainerTests.cs", r"ContinuousActionsAreStoredUnclippedAndSentClipped")],
         ""),
        (16, "Observation normalization (running mean/var), clipped to ±10",
         [("src/Proxima/Envs/Vector/NormalizeObservation.cs", r"class NormalizeObservation"), ("src/Proxima/Envs/Vector/RunningMeanStd.cs", r"public void Normalize")],
         "Frozen for evaluation; statistics saved in checkpoints."),
        (17, "Reward scaling by the running std of the discounted return, clipped to ±10",
         [("src/Proxima/Envs/Vector/NormalizeReward.cs", r"class NormalizeReward")],
         "Episode returns reported to the user stay raw."),
    ]),
    ("Recurrent", [
        (18, "LSTM/GRU with orthogonal weights, zero biases, zero initial state",
         [("src/Proxima/Nn/Recurrent/RecurrentInit.cs", r"public static void Orthogonal"), ("src/Proxima/Nn/Recurrent/Lstm.cs", r"class Lstm"), ("src/Proxima/Policies/RecurrentActorCriticPolicy.cs", r"RecurrentInit\.Orthogonal\(core, rng\)")],
         "`InitialState(rows)` is zeros; with `ortho_init: false` the cores use PyTorch's uniform default (as sb3-contrib's LSTMs)."),
        (19, "Reset the state at episode starts, in rollouts and in training sequences",
         [("src/Proxima/Nn/Recurrent/RecurrentModule.cs", r"episodeStarts"), ("src/Proxima/Training/PpoTrainer.cs", r"if \(_episodeStarts\[r\]\)"), ("tests/Proxima.Tests/RecurrentPolicies/RecurrentPolicyTests.cs", r"public void EpisodeStartInsideASequenceZeroesTheStateExactly")],
         "A reset cuts the gradient too; tested bit-exactly against running the tail from a zero state."),
        (20, "Minibatches of whole per-environment sequences; states recomputed from the stored chunk-start state",
         [("src/Proxima/Training/ChunkLayout.cs", r"public static class ChunkLayout"), ("src/Proxima/Training/MinibatchBuffers.cs", r"public void Gather"), ("src/Proxima/Policies/RecurrentActorCriticPolicy.cs", r"class RecurrentActorCriticPolicy"), ("tests/Proxima.Tests/Training/RecurrentTrainingTests.cs", r"public void LearningTimeLogProbsEqualCollectionTimeBeforeAnyUpdate")],
         "`bptt_length` sets the chunk length; padded steps are masked out of every loss term and metric."),
    ]),
    ("Also", [
        (21, "Time-limit truncation bootstraps from the value of the final observation",
         [("src/Proxima/Training/PpoTrainer.cs", r"PredictValues\(data\.FinalObservations"), ("tests/Proxima.Tests/Training/PpoTrainerTests.cs", r"TruncatedEpisodesBootstrapFromTheFinalObservationValue")],
         "SB3 does this; CleanRL does not."),
        (22, "target_kl early stopping; clip-range annealing; invalid-action masking",
         [("src/Proxima/Training/PpoTrainer.cs", r"TargetKl is double targetKl"), ("src/Proxima/Training/PpoTrainer.cs", r"ClipRange\.ValueAt\(Progress\)"), ("src/Proxima/Distributions/CategoricalHead.cs", r"class CategoricalHead")],
         "Masks flow from `IActionMaskProvider` environments through the vector env into the batch; a masked action is never sampled. An RLlib-style adaptive KL penalty is available (`adaptive_kl`)."),
    ]),
]


def anchor(path, pattern):
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if re.search(pattern, line):
                    return f"[{path.split('/')[-1]}:{n}](../{path}#L{n})"
    except FileNotFoundError:
        pass
    sys.exit(f"anchor not found: {path} /{pattern}/")


out = ["# PPO implementation details", "",
       "Each detail from the community checklist (Huang et al., \"The 37 Implementation Details of PPO\"; CleanRL; "
       "Stable-Baselines3) and where Proxima implements it. Generated by `tools/ppo_details.py` from code anchors, so the "
       "links follow the code.", ""]
for section, items in ITEMS:
    out += [f"## {section}", "", "| # | detail | code | notes |", "| --- | --- | --- | --- |"]
    for number, title, anchors, note in items:
        links = ", ".join(anchor(p, r) for p, r in anchors)
        out.append(f"| {number} | {title} | {links} | {note} |")
    out.append("")
with open("docs/ppo-details.md", "w", encoding="utf-8") as f:
    f.write("\n".join(out))
print("wrote docs/ppo-details.md")
