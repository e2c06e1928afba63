using System.Runtime.InteropServices;
using Proxima.Training;

namespace Proxima.Cli.Running;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into a clean stop at the end of the current update, so the final checkpoint sits
/// on an update boundary (resuming it continues exactly) and the run still writes its outputs. A second Ctrl+C is
/// left to the runtime (immediate exit).
/// </summary>
public sealed class StopSignals : TrainingCallback, IDisposable
{
    private readonly PosixSignalRegistration? _sigterm;

    /// <summary>Starts listening.</summary>
    public StopSignals()
    {
        Console.CancelKeyPress += OnCancel;
        if (!OperatingSystem.IsWindows())
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Requested = true;
            });
        }
    }

    /// <summary>A stop was requested.</summary>
    public bool Requested { get; private set; }

    /// <summary>Requests a stop as a signal would (tests, embedding hosts).</summary>
    public void Request() => Requested = true;

    /// <inheritdoc />
    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record) => !Requested;

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _sigterm?.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (Requested)
        {
            return;
        }

        e.Cancel = true;
        Requested = true;
    }
}
