using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class TensorBoardWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryLoggedScalarReadsBackWithValidFraming()
    {
        string runDir = Path.Combine(_dir.Path, "run1");
        var logged = new List<(long Step, string Tag, double Value)>();
        string file;
        using (var writer = new TensorBoardWriter(runDir))
        {
            file = writer.FilePath;
            for (long step = 0; step < 50; step++)
            {
                var metrics = new Dictionary<string, double>
                {
                    ["charts/episodic_return"] = step * 3.25 - 7,
                    ["losses/value_loss"] = Math.Exp(-step / 10.0),
                };
                if (step % 7 == 0)
                {
                    metrics["charts/learning_rate"] = 2.5e-4 * (1 - step / 50.0);
                }

                writer.LogMetrics(step * 128, metrics);
                logged.AddRange(metrics.Select(m => (step * 128, m.Key, m.Value)));
            }

            writer.AddScalar("big/step", -1.5, long.MaxValue);
            logged.Add((long.MaxValue, "big/step", -1.5));
            writer.AddScalar("neg/step", 42, -3);
            logged.Add((-3, "neg/step", 42));
        }

        string name = Path.GetFileName(file);
        Assert.Equal(runDir, Path.GetDirectoryName(file));
        Assert.Matches(@"^events\.out\.tfevents\.\d{10}\..+$", name);

        var events = TfEventReader.ReadEvents(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Empty(events[0].Scalars);
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(events[0].WallTime, now - 600, now + 1);

        var read = events.Skip(1).SelectMany(e => e.Scalars.Select(s => (e.Step, s.Tag, (double)s.Value))).ToList();
        Assert.Equal(logged.Count, read.Count);
        for (int i = 0; i < logged.Count; i++)
        {
            Assert.Equal(logged[i].Step, read[i].Step);
            Assert.Equal(logged[i].Tag, read[i].Tag);
            Assert.Equal((float)logged[i].Value, (float)read[i].Item3);
        }

        Assert.All(events.Skip(1), e => Assert.Null(e.FileVersion));
        Assert.All(events, e => Assert.True(e.WallTime >= events[0].WallTime));
    }

    [Fact]
    public void DataIsOnDiskAfterFlushAndCorruptionIsDetected()
    {
        using var writer = new TensorBoardWriter(_dir.Path, flushInterval: TimeSpan.FromHours(1));
        writer.AddScalar("x", 1.0, 1);
        writer.Flush();
        byte[] bytes;
        using (var fs = new FileStream(writer.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[fs.Length];
            fs.ReadExactly(bytes);
        }

        var records = TfEventReader.ReadRecords(bytes);
        Assert.Equal(2, records.Count);
        Assert.Equal(("x", 1f), TfEventReader.DecodeEvent(records[1]).Scalars.Single());

        // The reader really checks the CRCs: flipping one payload bit must be caught.
        bytes[^6] ^= 0x01;
        Assert.Throws<InvalidDataException>(() => TfEventReader.ReadRecords(bytes));
    }

    [Fact]
    public void PeriodicFlushHappensWithoutAnExplicitCall()
    {
        var clock = new ManualClock();
        using var writer = new TensorBoardWriter(_dir.Path, flushInterval: TimeSpan.FromSeconds(5), time: clock);
        long headerLength = new FileInfo(writer.FilePath).Length;
        writer.AddScalar("a", 1, 1);
        Assert.Equal(headerLength, ReadShared(writer.FilePath).Length);
        clock.Advance(TimeSpan.FromSeconds(6));
        writer.AddScalar("a", 2, 2);
        var events = TfEventReader.ReadRecords(ReadShared(writer.FilePath)).Select(TfEventReader.DecodeEvent).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), (long)events[2].WallTime);
    }

    private static byte[] ReadShared(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return bytes;
    }
}
