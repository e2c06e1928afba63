using System.Diagnostics;
using System.Globalization;
using Proxima.Checkpoints;
using Proxima.CrashWriter;
using Proxima.Random;
using Xunit.Abstractions;

namespace Proxima.Tests.Checkpoints;

public class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public void KilledWriter_AlwaysLeavesCompleteLoadableCheckpoints()
    {
        string dir = CheckpointTestData.TempDirectory();
        string writer = typeof(CrashPayload).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var rng = new Pcg64(20261204);
        long lastReported = 0;
        int killedMidWrite = 0;
        const int kills = 20;
        for (int round = 0; round < kills; round++)
        {
            var started = new ManualResetEventSlim();
            var firstSave = new ManualResetEventSlim();
            long reported = 0;
            var psi = new ProcessStartInfo(dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(writer);
            psi.ArgumentList.Add(dir);
            psi.ArgumentList.Add("3");
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                if (e.Data.StartsWith("started", StringComparison.Ordinal))
                {
                    started.Set();
                }
                else if (e.Data.StartsWith("saved ", StringComparison.Ordinal))
                {
                    Interlocked.Exchange(ref reported, long.Parse(e.Data[6..], CultureInfo.InvariantCulture));
                    firstSave.Set();
                }
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the crash writer did not start");
            if (round == 0)
            {
                // Make sure there is something to protect even on a loaded machine; later rounds kill at any moment.
                Assert.True(firstSave.Wait(TimeSpan.FromSeconds(60)), "the crash writer completed no checkpoint");
            }

            Thread.Sleep(rng.NextInt(300));
            process.Kill(); // SIGKILL on Unix: no finalizers, no flushing, no cleanup
            Assert.True(process.WaitForExit(10_000), "the killed writer did not exit");
            process.WaitForExit(); // drain the redirected output
            long reportedThisRound = Interlocked.Read(ref reported);
            lastReported = Math.Max(lastReported, reportedThisRound);
            if (Directory.GetFiles(dir, AtomicFile.TempPrefix + "*").Length > 0)
            {
                killedMidWrite++;
                AtomicFile.DeleteStaleTemporaryFiles(dir);
            }

            var manager = new CheckpointManager(dir, 3);
            var present = manager.List();
            if (lastReported > 0)
            {
                Assert.NotEmpty(present);
            }

            // Every numbered checkpoint on disk loads fully and is exactly the version its name says.
            foreach (var (step, path) in present)
            {
                var data = CheckpointFile.Load(path);
                Assert.Equal(step, CrashPayload.Verify(data));
            }

            string best = Path.Combine(dir, CheckpointManager.BestName);
            if (File.Exists(best))
            {
                Assert.Equal(0, CrashPayload.Verify(CheckpointFile.Load(best)) % 5);
            }

            // A save the writer reported as done is durable; at most the one in flight may be newer.
            if (present.Count > 0)
            {
                long latest = present[^1].Step;
                Assert.InRange(latest, lastReported, lastReported + 1);
                Assert.True(manager.TryLoadLatest(out string latestPath, out _));
                Assert.Equal(manager.Latest(), latestPath);

                // The next writer resumes from this (verified) checkpoint even if its "saved" line was never read.
                lastReported = latest;
            }
        }

        output.WriteLine($"{kills} kills, {killedMidWrite} left a partial temporary file, last reported step {lastReported}.");
        Assert.True(lastReported > 0, "the writer never completed a checkpoint");
    }
}
