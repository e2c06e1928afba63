namespace Proxima.Training;

/// <summary>Rolling window of the most recent finished episodes (returns and lengths) plus running totals.</summary>
public sealed class EpisodeStatistics
{
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private int _next;

    /// <summary>Creates a window of <paramref name="capacity"/> episodes (100 as SB3 and CleanRL report).</summary>
    public EpisodeStatistics(int capacity = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _returns = new double[capacity];
        _lengths = new int[capacity];
    }

    /// <summary>Episodes finished since the start of training.</summary>
    public long TotalEpisodes { get; private set; }

    /// <summary>Episodes currently in the window.</summary>
    public int Count => (int)Math.Min(TotalEpisodes, _returns.Length);

    /// <summary>Records a finished episode.</summary>
    public void Add(double episodeReturn, int length)
    {
        _returns[_next] = episodeReturn;
        _lengths[_next] = length;
        _next = (_next + 1) % _returns.Length;
        TotalEpisodes++;
    }

    /// <summary>Mean return over the window (NaN before the first episode).</summary>
    public double MeanReturn => Mean(_returns.AsSpan(0, Count));

    /// <summary>Mean length over the window (NaN before the first episode).</summary>
    public double MeanLength
    {
        get
        {
            double sum = 0;
            foreach (int l in _lengths.AsSpan(0, Count))
            {
                sum += l;
            }

            return Count == 0 ? double.NaN : sum / Count;
        }
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? double.NaN : sum / values.Length;
    }

    /// <summary>The window (oldest first) and the running total, for checkpoints.</summary>
    public EpisodeWindowState CaptureState()
    {
        var window = Window();
        return new EpisodeWindowState(window.Select(e => e.Return).ToArray(), window.Select(e => e.Length).ToArray(), TotalEpisodes);
    }

    /// <summary>
    /// Restores a window saved by <see cref="CaptureState"/>, placing each episode in the ring slot it had, so the
    /// statistics continue exactly as they would have.
    /// </summary>
    public void RestoreState(EpisodeWindowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int capacity = _returns.Length;
        int expected = (int)Math.Min(Math.Max(state.TotalEpisodes, 0), capacity);
        if (state.TotalEpisodes < 0 || state.Returns.Length != expected || state.Lengths.Length != expected)
        {
            throw new ArgumentException(
                $"The saved episode window holds {state.Returns.Length} returns and {state.Lengths.Length} lengths for {state.TotalEpisodes} episodes; " +
                $"a window of {capacity} expects {expected} of each.",
                nameof(state));
        }

        TotalEpisodes = state.TotalEpisodes;
        _next = (int)(TotalEpisodes % capacity);
        int start = TotalEpisodes > capacity ? _next : 0;
        for (int k = 0; k < expected; k++)
        {
            _returns[(start + k) % capacity] = state.Returns[k];
            _lengths[(start + k) % capacity] = state.Lengths[k];
        }
    }

    /// <summary>The window's episodes, oldest first.</summary>
    public IReadOnlyList<(double Return, int Length)> Window()
    {
        var list = new List<(double, int)>(Count);
        int start = TotalEpisodes > _returns.Length ? _next : 0;
        for (int i = 0; i < Count; i++)
        {
            int k = (start + i) % _returns.Length;
            list.Add((_returns[k], _lengths[k]));
        }

        return list;
    }
}

/// <summary>The episode window as plain data: returns and lengths oldest first, and the running total.</summary>
public sealed record EpisodeWindowState(double[] Returns, int[] Lengths, long TotalEpisodes);
