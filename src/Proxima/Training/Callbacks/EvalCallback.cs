using Proxima.Envs;
using Proxima.Evaluation;

namespace Proxima.Training.Callbacks;

/// <summary>When evaluation should end training.</summary>
/// <param name="RewardThreshold">Stop once the mean evaluation return reaches this...</param>
/// <param name="ConvergenceWindow">...in this many consecutive evaluations (1 = the first time).</param>
/// <param name="Patience">Stop when this many evaluations in a row bring no new best (null = never).</param>
public sealed record StopCondition(double? RewardThreshold = null, int ConvergenceWindow = 1, int? Patience = null);

/// <summary>One evaluation made during training.</summary>
public sealed record EvaluationRecord(long Timesteps, EvalStats Stats, bool IsNewBest);

/// <summary>
/// Evaluates the policy every <c>frequency</c> environment steps on separate environment instances, keeps a copy of
/// the best weights, reports new bests, and optionally stops training on a reward threshold or lack of progress.
/// </summary>
public sealed class EvalCallback : TrainingCallback
{
    private readonly Func<IEnv> _envFactory;
    private readonly long _frequency;
    private readonly int _episodes;
    private readonly ulong _seed;
    private readonly bool _deterministic;
    private readonly StopCondition _stop;
    private readonly List<EvaluationRecord> _history = [];
    private long _nextEvaluation;
    private int _aboveThreshold;
    private int _sinceBest;

    public EvalCallback(Func<IEnv> envFactory, long frequency, int episodes = 10, ulong seed = 1_000_000, bool deterministic = true, StopCondition? stop = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        _envFactory = envFactory;
        _frequency = frequency;
        _episodes = episodes;
        _seed = seed;
        _deterministic = deterministic;
        _stop = stop ?? new StopCondition();
        if (_stop.ConvergenceWindow < 1 || _stop.Patience is < 1)
        {
            throw new ArgumentException("StopCondition: convergence window and patience must be at least 1.", nameof(stop));
        }
    }

    /// <summary>Raised after an evaluation that beats every earlier one (e.g. to save the best checkpoint).</summary>
    public event Action<PpoTrainer, EvaluationRecord>? NewBest;

    /// <summary>Raised after every evaluation.</summary>
    public event Action<PpoTrainer, EvaluationRecord>? Evaluated;

    /// <summary>All evaluations so far.</summary>
    public IReadOnlyList<EvaluationRecord> History => _history;

    /// <summary>Best mean evaluation return so far (−∞ before the first evaluation).</summary>
    public double BestMeanReturn { get; private set; } = double.NegativeInfinity;

    /// <summary>Copy of the flat parameter values at the best evaluation, or null.</summary>
    public float[]? BestParameters { get; private set; }

    /// <summary>Why training was stopped by this callback, or null.</summary>
    public string? StopReason { get; private set; }

    public override void OnTrainingStart(PpoTrainer trainer) => _nextEvaluation = trainer.Timesteps + _frequency;

    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        if (trainer.Timesteps < _nextEvaluation)
        {
            return true;
        }

        while (_nextEvaluation <= trainer.Timesteps)
        {
            _nextEvaluation += _frequency;
        }

        return Evaluate(trainer);
    }

    /// <summary>Evaluates now; returns false when a stop condition is met.</summary>
    public bool Evaluate(PpoTrainer trainer)
    {
        var stats = Evaluator.Evaluate(trainer.Policy, _envFactory, _episodes, _seed, _deterministic, trainer.ObservationTransform);
        bool isBest = stats.MeanReturn > BestMeanReturn;
        var entry = new EvaluationRecord(trainer.Timesteps, stats, isBest);
        _history.Add(entry);
        if (isBest)
        {
            BestMeanReturn = stats.MeanReturn;
            BestParameters = (float[])trainer.Policy.Parameters.Values.Clone();
            _sinceBest = 0;
            NewBest?.Invoke(trainer, entry);
        }
        else
        {
            _sinceBest++;
        }

        Evaluated?.Invoke(trainer, entry);
        if (_stop.RewardThreshold is double threshold)
        {
            _aboveThreshold = stats.MeanReturn >= threshold ? _aboveThreshold + 1 : 0;
            if (_aboveThreshold >= _stop.ConvergenceWindow)
            {
                StopReason = $"mean evaluation return {stats.MeanReturn:G4} reached the threshold {threshold:G4} in {_aboveThreshold} consecutive evaluation(s)";
                return false;
            }
        }

        if (_stop.Patience is int patience && _sinceBest >= patience)
        {
            StopReason = $"no new best evaluation in {patience} evaluations (best {BestMeanReturn:G4})";
            return false;
        }

        return true;
    }
}
