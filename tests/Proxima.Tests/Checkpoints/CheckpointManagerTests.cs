using Proxima.Checkpoints;

namespace Proxima.Tests.Checkpoints;

public class CheckpointManagerTests
{
    [Fact]
    public void SaveNumbered_KeepsTheLastNAndLatestIsTheHighestStep()
    {
        string dir = CheckpointTestData.TempDirectory();
        var manager = new CheckpointManager(dir, keepLast: 3);
        Assert.Null(manager.Latest());
        foreach (long step in new long[] { 5, 10, 100, 20, 1000, 30 })
        {
            manager.SaveNumbered(step, CheckpointTestData.Sample() with { Timesteps = step });
        }

        // Ordering is numeric (100 < 1000), not by name, and the three highest steps survive.
        Assert.Equal([30L, 100L, 1000L], manager.List().Select(x => x.Step));
        Assert.Equal(Path.Combine(manager.Directory, "ckpt-1000.ckpt"), manager.Latest());
        Assert.True(manager.TryLoadLatest(out string path, out var data));
        Assert.EndsWith("ckpt-1000.ckpt", path);
        Assert.Equal(1000, data.Timesteps);
    }

    [Fact]
    public void SaveFinalAndBest_AreSeparateFilesThatPruningLeavesAlone()
    {
        string dir = CheckpointTestData.TempDirectory();
        var manager = new CheckpointManager(dir, keepLast: 1);
        manager.SaveBest(CheckpointTestData.Sample() with { Updates = 1 });
        manager.SaveFinal(CheckpointTestData.Sample() with { Updates = 2 });
        manager.SaveNumbered(1, CheckpointTestData.Sample());
        manager.SaveNumbered(2, CheckpointTestData.Sample());
        manager.SaveBest(CheckpointTestData.Sample() with { Updates = 3 });
        Assert.Equal(["best.ckpt", "ckpt-2.ckpt", "final.ckpt"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(3, CheckpointFile.Load(Path.Combine(dir, "best.ckpt")).Updates);
        Assert.Equal(2, CheckpointFile.Load(Path.Combine(dir, "final.ckpt")).Updates);
    }

    [Fact]
    public void TryLoadLatest_SkipsUnreadableCheckpointsAndIgnoresOtherFiles()
    {
        string dir = CheckpointTestData.TempDirectory();
        var manager = new CheckpointManager(dir, keepLast: 5);
        manager.SaveNumbered(1, CheckpointTestData.Sample() with { Updates = 1 });
        File.WriteAllText(Path.Combine(dir, "ckpt-2.ckpt"), "garbage");
        File.WriteAllText(Path.Combine(dir, "ckpt-x.ckpt"), "ignored");
        File.WriteAllText(Path.Combine(dir, "ckpt-3.ckpt.bak"), "ignored");
        var skipped = new List<string>();
        Assert.True(manager.TryLoadLatest(out string path, out var data, skipped));
        Assert.EndsWith("ckpt-1.ckpt", path);
        Assert.Equal(1, data.Updates);
        Assert.Single(skipped);
        Assert.Contains("ckpt-2.ckpt", skipped[0]);
    }

    [Fact]
    public void TryLoadLatest_IsFalseForAnEmptyDirectory()
    {
        var manager = new CheckpointManager(CheckpointTestData.TempDirectory(), 2);
        Assert.False(manager.TryLoadLatest(out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointManager(CheckpointTestData.TempDirectory(), 0));
    }
}
