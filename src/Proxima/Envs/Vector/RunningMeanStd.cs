using System.Numerics;

namespace Proxima.Envs.Vector;

/// <summary>
/// Running per-element mean and variance of a stream of vectors, merged batch by batch with the parallel algorithm
/// (Chan et al.) exactly as Stable-Baselines3's <c>RunningMeanStd</c>: the statistics start at mean 0, variance 1 and
/// a pseudo-count <see cref="InitialCount"/> (10⁻⁴ by default), and each batch's population mean and variance are
/// merged in. Values are kept in float64. Updating allocates nothing.
/// </summary>
public sealed class RunningMeanStd
{
    /// <summary>SB3's default pseudo-count of the prior (mean 0, variance 1).</summary>
    public const double DefaultInitialCount = 1e-4;

    private readonly double[] _mean;
    private readonly double[] _var;
    private readonly double[] _batchMean;
    private readonly double[] _batchVar;

    /// <summary>Statistics of vectors with <paramref name="size"/> elements.</summary>
    public RunningMeanStd(int size, double initialCount = DefaultInitialCount)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "RunningMeanStd needs at least one element per vector.");
        }

        if (!(initialCount >= 0) || double.IsInfinity(initialCount))
        {
            throw new ArgumentOutOfRangeException(nameof(initialCount), initialCount, "The initial count must be finite and non-negative.");
        }

        InitialCount = initialCount;
        _mean = new double[size];
        _var = new double[size];
        _batchMean = new double[size];
        _batchVar = new double[size];
        Clear();
    }

    /// <summary>Elements per vector.</summary>
    public int Size => _mean.Length;

    /// <summary>The pseudo-count given to the prior by <see cref="Clear"/> and the constructor.</summary>
    public double InitialCount { get; }

    /// <summary>Running mean of each element.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Running (population) variance of each element.</summary>
    public ReadOnlySpan<double> Variance => _var;

    /// <summary>Number of vectors merged so far, plus <see cref="InitialCount"/>.</summary>
    public double Count { get; private set; }

    /// <summary>Forgets everything: mean 0, variance 1, count <see cref="InitialCount"/>.</summary>
    public void Clear()
    {
        Array.Clear(_mean);
        Array.Fill(_var, 1.0);
        Count = InitialCount;
    }

    /// <summary>Replaces the statistics (for restoring a checkpoint).</summary>
    public void Set(ReadOnlySpan<double> mean, ReadOnlySpan<double> variance, double count)
    {
        if (mean.Length != Size || variance.Length != Size)
        {
            throw new ArgumentException($"Mean and variance must have {Size} entries, got {mean.Length} and {variance.Length}.");
        }

        if (!(count >= 0) || double.IsInfinity(count))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count must be finite and non-negative.");
        }

        for (int i = 0; i < Size; i++)
        {
            if (!double.IsFinite(mean[i]) || !(variance[i] >= 0) || double.IsInfinity(variance[i]))
            {
                throw new ArgumentException($"Entry {i} is invalid: mean {mean[i]} must be finite and variance {variance[i]} finite and non-negative.");
            }
        }

        mean.CopyTo(_mean);
        variance.CopyTo(_var);
        Count = count;
    }

    /// <summary>Copies the statistics of <paramref name="other"/> (same <see cref="Size"/>).</summary>
    public void CopyFrom(RunningMeanStd other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Set(other.Mean, other.Variance, other.Count);
    }

    /// <summary>An independent copy.</summary>
    public RunningMeanStd Clone()
    {
        var copy = new RunningMeanStd(Size, InitialCount);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>Merges a batch of vectors stored row after row (length a multiple of <see cref="Size"/>).</summary>
    public void Update(ReadOnlySpan<float> rows) => UpdateCore(rows);

    /// <summary>Merges a batch of vectors stored row after row (length a multiple of <see cref="Size"/>).</summary>
    public void Update(ReadOnlySpan<double> rows) => UpdateCore(rows);

    /// <summary>Merges a batch summarised by its per-element mean, population variance and count (SB3's <c>update_from_moments</c>).</summary>
    public void UpdateFromMoments(ReadOnlySpan<double> batchMean, ReadOnlySpan<double> batchVariance, double batchCount)
    {
        if (batchMean.Length != Size || batchVariance.Length != Size)
        {
            throw new ArgumentException($"Batch mean and variance must have {Size} entries, got {batchMean.Length} and {batchVariance.Length}.");
        }

        double count = Count;
        double total = count + batchCount;
        if (total <= 0)
        {
            return;
        }

        for (int j = 0; j < Size; j++)
        {
            double delta = batchMean[j] - _mean[j];
            double mA = _var[j] * count;
            double mB = batchVariance[j] * batchCount;
            double m2 = mA + mB + (delta * delta * count * batchCount / total);
            _mean[j] += delta * batchCount / total;
            _var[j] = m2 / total;
        }

        Count = total;
    }

    private void UpdateCore<T>(ReadOnlySpan<T> rows)
        where T : unmanaged, INumberBase<T>
    {
        int size = Size;
        if (rows.Length == 0 || rows.Length % size != 0)
        {
            throw new ArgumentException($"The batch must hold one or more rows of {size} values, got {rows.Length} values.", nameof(rows));
        }

        int n = rows.Length / size;
        Array.Clear(_batchMean);
        Array.Clear(_batchVar);
        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * size, size);
            for (int j = 0; j < size; j++)
            {
                _batchMean[j] += double.CreateTruncating(row[j]);
            }
        }

        for (int j = 0; j < size; j++)
        {
            _batchMean[j] /= n;
        }

        for (int r = 0; r < n; r++)
        {
            var row = rows.Slice(r * size, size);
            for (int j = 0; j < size; j++)
            {
                double d = double.CreateTruncating(row[j]) - _batchMean[j];
                _batchVar[j] += d * d;
            }
        }

        for (int j = 0; j < size; j++)
        {
            _batchVar[j] /= n;
        }

        UpdateFromMoments(_batchMean, _batchVar, n);
    }

    /// <summary>
    /// Writes (x − mean) / sqrt(var + <paramref name="epsilon"/>), clipped to ±<paramref name="clip"/>, for whole rows of
    /// <see cref="Size"/> values, without updating the statistics (SB3's VecNormalize formula).
    /// </summary>
    public void Normalize(ReadOnlySpan<float> rows, Span<float> destination, double epsilon, double clip)
    {
        int size = Size;
        if (rows.Length % size != 0)
        {
            throw new ArgumentException($"The rows must be whole observations of {size} values, got {rows.Length} values.", nameof(rows));
        }

        if (destination.Length != rows.Length)
        {
            throw new ArgumentException($"The destination must have {rows.Length} values, got {destination.Length}.", nameof(destination));
        }

        for (int offset = 0; offset < rows.Length; offset += size)
        {
            for (int j = 0; j < size; j++)
            {
                double z = (rows[offset + j] - _mean[j]) / Math.Sqrt(_var[j] + epsilon);
                destination[offset + j] = (float)Math.Clamp(z, -clip, clip);
            }
        }
    }
}
