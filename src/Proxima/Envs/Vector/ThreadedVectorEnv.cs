using System.Diagnostics;
using Proxima.Envs.Spaces;
using Proxima.Threading;

namespace Proxima.Envs.Vector;

/// <summary>
/// Steps its environments on dedicated worker threads: the environments are split into <see cref="Threads"/>
/// contiguous slices, each owned by one worker for the lifetime of the vector environment (so an environment is always
/// reset and stepped on the same thread). <see cref="Step"/> copies the actions, releases the workers and waits until
/// every slice is done; workers and the caller first spin (for <see cref="SpinMicroseconds"/>) and then block, so short
/// steps avoid kernel transitions and idle workers do not burn a core. Semantics, buffers and results are identical to
/// <see cref="SyncVectorEnv"/> (same-step autoreset, seeds <c>seed + i</c>, raw episode statistics, action masks);
/// nothing is allocated per step. An exception in an environment is rethrown on the caller as a
/// <see cref="VectorEnvException"/> (the lowest failing index when several fail); the vector environment must then be
/// reset. <see cref="Dispose"/> stops and joins the workers, then disposes the environments.
/// </summary>
public sealed class ThreadedVectorEnv : IVectorEnv, IStatefulVectorEnv
{
    private const int CommandReset = 1;
    private const int CommandStep = 2;
    private const int CommandExit = 3;

    private readonly VectorEnvCore _core;
    private readonly Thread[] _workers;
    private readonly int[] _sliceStart;
    private readonly VectorEnvException?[] _errors;
    private readonly float[] _actions;
    private readonly object _gate = new();
    private readonly long _spinTicks;

    private long _generation;
    private int _command;
    private ulong? _seed;
    private int _remaining;
    private int _sleepingWorkers;
    private int _callerSleeping;
    private bool _disposed;

    /// <summary>Builds <paramref name="count"/> environments with <paramref name="factory"/> and steps them on <paramref name="threads"/> workers.</summary>
    public ThreadedVectorEnv(Func<int, IEnv> factory, int count, int threads, int spinMicroseconds = 50)
        : this(SyncVectorEnv.Build(factory, count), threads, spinMicroseconds)
    {
    }

    /// <summary>
    /// Steps <paramref name="envs"/> (owned by the vector environment) on <paramref name="threads"/> workers (at most one
    /// per environment); waiting threads spin for <paramref name="spinMicroseconds"/> before blocking.
    /// </summary>
    public ThreadedVectorEnv(IReadOnlyList<IEnv> envs, int threads, int spinMicroseconds = 50)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least one worker thread is needed.");
        }

        if (spinMicroseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spinMicroseconds), spinMicroseconds, "The spin time cannot be negative.");
        }

        _core = new VectorEnvCore(envs);
        int n = _core.NumEnvs;
        int workers = Math.Min(threads, n);
        SpinMicroseconds = spinMicroseconds;
        _spinTicks = spinMicroseconds * Stopwatch.Frequency / 1_000_000;
        _actions = new float[n * _core.ActionSpace.Size];
        _errors = new VectorEnvException?[workers];
        _sliceStart = new int[workers + 1];
        for (int w = 0; w <= workers; w++)
        {
            _sliceStart[w] = (int)((long)n * w / workers);
        }

        _workers = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            int index = w;
            _workers[w] = new Thread(() => WorkerLoop(index))
            {
                IsBackground = true,
                Name = $"Proxima vector env worker {w} (envs {_sliceStart[w]}..{_sliceStart[w + 1] - 1})",
            };
        }

        foreach (var t in _workers)
        {
            t.Start();
        }
    }

    /// <inheritdoc />
    public int NumEnvs => _core.NumEnvs;

    /// <inheritdoc />
    public Space ObservationSpace => _core.ObservationSpace;

    /// <inheritdoc />
    public Space ActionSpace => _core.ActionSpace;

    /// <inheritdoc />
    public VectorStepData Data => _core.Data;

    /// <summary>The environments, by row.</summary>
    public IReadOnlyList<IEnv> Envs => _core.Envs;

    /// <summary>Number of worker threads (the requested count, capped at the number of environments).</summary>
    public int Threads => _workers.Length;

    /// <summary>How long waiting threads spin before blocking.</summary>
    public int SpinMicroseconds { get; }

    /// <summary>Number of <see cref="Step"/> calls since creation.</summary>
    public long StepCount => _core.StepCount;

    /// <inheritdoc />
    public bool CanCaptureState => _core.CanCaptureState;

    /// <inheritdoc />
    public VectorEnvState CaptureState() => _core.CaptureState();

    /// <inheritdoc />
    public void RestoreState(VectorEnvState state) => _core.RestoreState(state);

    /// <summary>Whether any worker thread is still running (false after <see cref="Dispose"/>).</summary>
    internal bool AnyWorkerAlive => _workers.Any(t => t.IsAlive);

    /// <summary>First environment of worker <paramref name="worker"/>'s slice (slices are contiguous and cover every row).</summary>
    public int SliceStart(int worker) => _sliceStart[worker];

    /// <inheritdoc />
    public void Reset(ulong? seed = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.Ready = false;
        _seed = seed;
        Run(CommandReset);
        _core.Ready = true;
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<float> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.CheckCanStep(actions);
        actions.CopyTo(_actions);
        _core.StepCount++;
        try
        {
            Run(CommandStep);
        }
        catch (VectorEnvException)
        {
            _core.Ready = false;
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispatch(CommandExit);
        foreach (var t in _workers)
        {
            t.Join();
        }

        _core.DisposeEnvs();
    }

    private void Run(int command)
    {
        Dispatch(command);
        WaitForWorkers();
        foreach (var error in _errors)
        {
            if (error is not null)
            {
                Array.Clear(_errors);
                throw error;
            }
        }
    }

    private void Dispatch(int command)
    {
        _command = command;
        Volatile.Write(ref _remaining, _workers.Length);

        // Publishes the command (full fence), then wakes workers that gave up spinning. A worker registers as sleeping
        // (full fence) before re-checking the generation, so one of the two always sees the other.
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepingWorkers) > 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void WaitForWorkers()
    {
        if (SpinForCompletion())
        {
            return;
        }

        lock (_gate)
        {
            Interlocked.Exchange(ref _callerSleeping, 1);
            while (Volatile.Read(ref _remaining) != 0)
            {
                Monitor.Wait(_gate);
            }

            Interlocked.Exchange(ref _callerSleeping, 0);
        }
    }

    private void WorkerLoop(int worker)
    {
        long seen = 0;
        int start = _sliceStart[worker], end = _sliceStart[worker + 1];
        while (true)
        {
            long target = seen + 1;
            if (!SpinForGeneration(target))
            {
                lock (_gate)
                {
                    Interlocked.Increment(ref _sleepingWorkers);
                    while (Volatile.Read(ref _generation) < target)
                    {
                        Monitor.Wait(_gate);
                    }

                    Interlocked.Decrement(ref _sleepingWorkers);
                }
            }

            seen = target;
            int command = _command;
            if (command == CommandExit)
            {
                return;
            }

            try
            {
                if (command == CommandReset)
                {
                    _core.ResetRange(start, end, _seed);
                }
                else
                {
                    _core.StepRange(start, end, _actions);
                }
            }
            catch (VectorEnvException e)
            {
                _errors[worker] = e;
            }
            catch (Exception e)
            {
                _errors[worker] = VectorEnvException.Wrap(e, start, _core.NumEnvs, _core.StepCount, command == CommandReset);
            }

            if (Interlocked.Decrement(ref _remaining) == 0 && Volatile.Read(ref _callerSleeping) != 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    // Spins (pausing, then yielding the core) until the condition holds or the spin time is up; false when it timed out.
    private bool SpinForGeneration(long target)
    {
        var budget = new SpinBudget(_spinTicks);
        while (Volatile.Read(ref _generation) < target)
        {
            if (!budget.Spin())
            {
                return false;
            }
        }

        return true;
    }

    private bool SpinForCompletion()
    {
        var budget = new SpinBudget(_spinTicks);
        while (Volatile.Read(ref _remaining) != 0)
        {
            if (!budget.Spin())
            {
                return false;
            }
        }

        return true;
    }
}
