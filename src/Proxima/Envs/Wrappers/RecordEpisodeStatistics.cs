using System.Diagnostics;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>RecordEpisodeStatistics</c>: accumulates the undiscounted return, length and wall-clock time of the
/// current episode; on the step that ends it (<see cref="StepResult.Done"/>) <see cref="EpisodeEnded"/> is true and the
/// <c>Last…</c> properties describe the finished episode, which is also appended to fixed-size queues of the most recent
/// <see cref="BufferLength"/> episodes (<see cref="ReturnQueue"/>, <see cref="LengthQueue"/>). Nothing is allocated per
/// step (the statistics are properties rather than an info dictionary).
/// </summary>
public sealed class RecordEpisodeStatistics : EnvWrapper
{
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private long _startTimestamp;
    private int _queued;
    private int _next;

    /// <summary>Wraps <paramref name="env"/>, remembering the last <paramref name="bufferLength"/> episodes.</summary>
    public RecordEpisodeStatistics(IEnv env, int bufferLength = 100)
        : base(env)
    {
        if (bufferLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferLength), bufferLength, "The buffer must hold at least one episode.");
        }

        _returns = new double[bufferLength];
        _lengths = new int[bufferLength];
    }

    /// <summary>Capacity of the episode queues.</summary>
    public int BufferLength => _returns.Length;

    /// <summary>Return of the episode in progress so far.</summary>
    public double EpisodeReturn { get; private set; }

    /// <summary>Steps of the episode in progress so far.</summary>
    public int EpisodeLength { get; private set; }

    /// <summary>True right after the step that ended an episode (until the next reset or step).</summary>
    public bool EpisodeEnded { get; private set; }

    /// <summary>Return of the last finished episode (Gymnasium's <c>info["episode"]["r"]</c>).</summary>
    public double LastEpisodeReturn { get; private set; }

    /// <summary>Length of the last finished episode (<c>info["episode"]["l"]</c>).</summary>
    public int LastEpisodeLength { get; private set; }

    /// <summary>Wall-clock seconds of the last finished episode (<c>info["episode"]["t"]</c>).</summary>
    public double LastEpisodeSeconds { get; private set; }

    /// <summary>Episodes finished since the wrapper was created.</summary>
    public long EpisodeCount { get; private set; }

    /// <summary>Returns of the most recent finished episodes, oldest first (at most <see cref="BufferLength"/>).</summary>
    public IReadOnlyList<double> ReturnQueue => Ordered(_returns);

    /// <summary>Lengths of the most recent finished episodes, oldest first (at most <see cref="BufferLength"/>).</summary>
    public IReadOnlyList<int> LengthQueue => Ordered(_lengths);

    /// <inheritdoc />
    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        Inner.Reset(observation, seed);
        EpisodeReturn = 0;
        EpisodeLength = 0;
        EpisodeEnded = false;
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        EpisodeReturn += result.Reward;
        EpisodeLength++;
        EpisodeEnded = result.Done;
        if (result.Done)
        {
            LastEpisodeReturn = EpisodeReturn;
            LastEpisodeLength = EpisodeLength;
            LastEpisodeSeconds = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            EpisodeCount++;
            _returns[_next] = EpisodeReturn;
            _lengths[_next] = EpisodeLength;
            _next = (_next + 1) % _returns.Length;
            _queued = Math.Min(_queued + 1, _returns.Length);
        }

        return result;
    }

    private T[] Ordered<T>(T[] ring)
    {
        var result = new T[_queued];
        int first = _queued < ring.Length ? 0 : _next;
        for (int k = 0; k < _queued; k++)
        {
            result[k] = ring[(first + k) % ring.Length];
        }

        return result;
    }
}
