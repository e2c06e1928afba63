using System.Runtime.ExceptionServices;

namespace Proxima.Threading;

/// <summary>
/// Fork/join for two independent branches of one computation (a policy's actor and critic): <see cref="Fork"/> hands
/// one branch to a helper thread, the caller runs the other, and <see cref="Join"/> waits for the forked one and
/// rethrows its exception, if any. The branches must not share writable state; then the results are identical to
/// running them one after the other, which is also what happens when the helper is busy with another caller's branch.
/// <para>
/// Why a dedicated helper rather than the thread pool: the branches of a PPO minibatch take about a millisecond and
/// come every few hundred microseconds; a pool thread that has gone to sleep in between costs tens of microseconds to
/// wake, on every fork. The helper (one per process, a background thread) spins for <see cref="SpinMicroseconds"/>
/// after each branch before it blocks, and the joining caller spins likewise, so a training loop hands over work
/// without kernel round trips. A fork allocates nothing.
/// </para>
/// </summary>
public sealed class ForkJoin
{
    // Monitor on a pre-allocated object rather than ManualResetEventSlim, whose first blocking wait allocates its lock.
    private readonly object _gate = new();
    private Action? _branch;
    private ExceptionDispatchInfo? _error;
    private volatile bool _completed = true;

    /// <summary>How long the helper and a joining caller spin before blocking.</summary>
    public const int SpinMicroseconds = 2000;

    /// <summary>Whether this machine has a second processor to run a forked branch on (otherwise forking only adds latency).</summary>
    public static bool Worthwhile => Environment.ProcessorCount > 1;

    /// <summary>
    /// Starts <paramref name="branch"/> on the helper thread, or runs it now when the helper is busy; every Fork must be
    /// followed by <see cref="Join"/> (in a finally block).
    /// </summary>
    public void Fork(Action branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (_branch is not null)
        {
            throw new InvalidOperationException("A forked branch is still running: call Join before forking again.");
        }

        _branch = branch;
        _error = null;
        _completed = false;
        if (!Helper.TryPost(this))
        {
            Run();
            Complete();
        }
    }

    /// <summary>Waits for the forked branch; rethrows its exception on the calling thread.</summary>
    public void Join()
    {
        if (_branch is null)
        {
            return;
        }

        var budget = SpinBudget.FromMicroseconds(SpinMicroseconds);
        while (!_completed)
        {
            if (!budget.Spin())
            {
                lock (_gate)
                {
                    while (!_completed)
                    {
                        Monitor.Wait(_gate);
                    }
                }

                break;
            }
        }

        _branch = null;
        _error?.Throw();
    }

    /// <summary>Runs the branch (on the helper, or inline), keeping its exception for <see cref="Join"/>.</summary>
    private void Run()
    {
        try
        {
            _branch!.Invoke();
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
    }

    private void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The process-wide helper thread: a one-slot mailbox, spin-then-block on both sides.</summary>
    private static class Helper
    {
        private static readonly object Gate = new();
        private static ForkJoin? s_job;
        private static int s_sleeping;
        private static Thread? s_thread;

        /// <summary>Hands <paramref name="job"/> to the helper; false when it is busy (or the caller is the helper itself).</summary>
        public static bool TryPost(ForkJoin job)
        {
            var thread = EnsureStarted();
            if (Thread.CurrentThread == thread || Interlocked.CompareExchange(ref s_job, job, null) is not null)
            {
                return false;
            }

            if (Volatile.Read(ref s_sleeping) != 0)
            {
                lock (Gate)
                {
                    Monitor.Pulse(Gate);
                }
            }

            return true;
        }

        private static Thread EnsureStarted()
        {
            if (Volatile.Read(ref s_thread) is { } running)
            {
                return running;
            }

            lock (Gate)
            {
                if (s_thread is null)
                {
                    var thread = new Thread(Loop) { IsBackground = true, Name = "Proxima fork/join helper" };
                    thread.Start();
                    Volatile.Write(ref s_thread, thread);
                }

                return s_thread;
            }
        }

        private static void Loop()
        {
            while (true)
            {
                var budget = SpinBudget.FromMicroseconds(SpinMicroseconds);
                while (Volatile.Read(ref s_job) is null && budget.Spin())
                {
                }

                if (Volatile.Read(ref s_job) is null)
                {
                    lock (Gate)
                    {
                        // The exchange is a full fence, so a poster either sees the flag or its job is seen here.
                        Interlocked.Exchange(ref s_sleeping, 1);
                        while (Volatile.Read(ref s_job) is null)
                        {
                            Monitor.Wait(Gate);
                        }

                        Volatile.Write(ref s_sleeping, 0);
                    }
                }

                // The job stays in the slot while it runs, so other callers run their branches inline meanwhile; the
                // slot is free again before the joining caller wakes, so its next fork finds the helper available.
                var job = Volatile.Read(ref s_job)!;
                job.Run();
                Volatile.Write(ref s_job, null);
                job.Complete();
            }
        }
    }
}
