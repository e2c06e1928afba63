using System.Diagnostics;

namespace Proxima.Threading;

/// <summary>
/// Bounded busy-waiting for hand-offs between threads that usually complete within microseconds: each
/// <see cref="Spin"/> pauses briefly (yielding the core now and then, never sleeping) until the budget is spent, after
/// which the caller should block instead. A fresh (default-initialized) budget starts its clock on the first spin.
/// </summary>
internal struct SpinBudget(long ticks)
{
    private long _deadline;
    private SpinWait _spinner;

    /// <summary>A budget of <paramref name="microseconds"/>.</summary>
    public static SpinBudget FromMicroseconds(long microseconds) => new(microseconds * Stopwatch.Frequency / 1_000_000);

    /// <summary>Spins once; false (without spinning) once the budget is spent.</summary>
    public bool Spin()
    {
        long now = Stopwatch.GetTimestamp();
        if (_deadline == 0)
        {
            _deadline = now + ticks;
        }
        else if (now >= _deadline)
        {
            return false;
        }

        _spinner.SpinOnce(sleep1Threshold: -1);
        return true;
    }
}
