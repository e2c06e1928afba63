using Proxima.Checkpoints;

namespace Proxima.Tests.Checkpoints;

public class AtomicFileTests
{
    [Fact]
    public void Write_ReplacesTheFileAndLeavesNoTemporaryFiles()
    {
        string dir = CheckpointTestData.TempDirectory();
        string path = Path.Combine(dir, "f.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        AtomicFile.WriteAllBytes(path, [4, 5]);
        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Equal(["f.bin"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_KeepsTheOldFileWhenTheWriterFails()
    {
        string dir = CheckpointTestData.TempDirectory();
        string path = Path.Combine(dir, "f.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9, 9, 9]);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["f.bin"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_CreatesMissingDirectoriesAndStaleTempFilesCanBeCleaned()
    {
        string dir = Path.Combine(CheckpointTestData.TempDirectory(), "a", "b");
        AtomicFile.WriteAllBytes(Path.Combine(dir, "x"), [7]);
        File.WriteAllBytes(Path.Combine(dir, AtomicFile.TempPrefix + "x.123"), [1]);
        Assert.Equal(1, AtomicFile.DeleteStaleTemporaryFiles(dir));
        Assert.Equal(["x"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }
}
