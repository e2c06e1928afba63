using Proxima.Checkpoints;
using Proxima.CrashWriter;

// Saves checkpoints in an endless loop so a test can kill it at random moments.
// Usage: Proxima.CrashWriter <directory> <keepLast>. Resumes after the newest checkpoint that loads and
// prints "saved <step>" after each completed save.
if (args.Length != 2 || !int.TryParse(args[1], out int keepLast))
{
    Console.Error.WriteLine("usage: Proxima.CrashWriter <directory> <keepLast>");
    return 2;
}

var manager = new CheckpointManager(args[0], keepLast);
long step = manager.TryLoadLatest(out _, out var data) ? CrashPayload.Verify(data) + 1 : 1;
Console.WriteLine($"started {step}");
while (true)
{
    manager.SaveNumbered(step, CrashPayload.Create(step));
    if (step % 5 == 0)
    {
        manager.SaveBest(CrashPayload.Create(step));
    }

    Console.WriteLine($"saved {step}");
    step++;
}
