using System.IO.Compression;
using Proxima.Checkpoints;
using Proxima.Optim;

namespace Proxima.Tests.Checkpoints;

internal static class CheckpointTestData
{
    public static CheckpointData Sample() => new()
    {
        ConfigYaml = "algo: ppo\nenv: CartPole-v1\nlr: 3.0e-4 # comment ü\n",
        EnvId = "CartPole-v1",
        ObservationSpace = "Box(-inf, inf, (4,), float32)",
        ActionSpace = "Discrete(2)",
        Policy =
        [
            NamedTensor.FromFloats("actor.0.weight", [2, 3], [0.1f, -0.2f, 0.3f, float.Epsilon, -0f, 6f]),
            NamedTensor.FromFloats("actor.0.bias", [2], [1f, 2f]),
        ],
        OptimizerState =
        [
            new OptimizerStateEntry("actor.0.weight", "exp_avg", [1, 2, 3, 4, 5, 6]),
            new OptimizerStateEntry("actor.0.weight", "exp_avg_sq", [6, 5, 4, 3, 2, 1]),
            new OptimizerStateEntry("actor.0.bias", "exp_avg", [7, 8]),
            new OptimizerStateEntry("actor.0.bias", "exp_avg_sq", [9, 10]),
        ],
        OptimizerStepCount = 17,
        Normalizers = new Dictionary<string, double[]>
        {
            ["obs.mean"] = [0.1, 1e-300, -3.5, Math.PI],
            ["obs.var"] = [1, 2, 3, double.NaN],
            ["obs.count"] = [1e4],
        },
        RngStates = new Dictionary<string, ulong[]>
        {
            ["main"] = [ulong.MaxValue, 0, 0x0123456789ABCDEF, 1],
            ["env.0"] = [5, 6, 7, 8],
        },
        Timesteps = 123_456_789_012,
        Updates = 42,
        Episodes = 999,
        ScheduleProgress = 0.375,
        RecentReturns = [10.5, 200, -3.25],
        RecentLengths = [11, 200, 4],
        ProximaVersion = "0.1.0",
        CreatedUtc = new DateTimeOffset(2026, 12, 4, 15, 30, 0, TimeSpan.Zero).AddTicks(1234567),
        Metadata = new Dictionary<string, string> { ["git"] = "abc123", ["note"] = "a \"quoted\" value\n" },
    };

    public static void AssertEqual(CheckpointData expected, CheckpointData actual)
    {
        Assert.Equal(expected.ConfigYaml, actual.ConfigYaml);
        Assert.Equal(expected.EnvId, actual.EnvId);
        Assert.Equal(expected.ObservationSpace, actual.ObservationSpace);
        Assert.Equal(expected.ActionSpace, actual.ActionSpace);
        Assert.Equal(expected.Policy.Count, actual.Policy.Count);
        foreach (var t in expected.Policy)
        {
            var a = actual.Policy.Single(p => p.Name == t.Name);
            Assert.Equal(t.Shape, a.Shape);
            Assert.Equal(t.Data, a.Data);
        }

        Assert.Equal(
            expected.OptimizerState.Select(e => (e.ParameterName, e.Slot, string.Join(",", e.Values))).Order(),
            actual.OptimizerState.Select(e => (e.ParameterName, e.Slot, string.Join(",", e.Values))).Order());
        Assert.Equal(expected.OptimizerStepCount, actual.OptimizerStepCount);
        Assert.Equal(expected.Normalizers.Keys.Order(), actual.Normalizers.Keys.Order());
        foreach (var (k, v) in expected.Normalizers)
        {
            Assert.Equal(v.Select(BitConverter.DoubleToInt64Bits), actual.Normalizers[k].Select(BitConverter.DoubleToInt64Bits));
        }

        Assert.Equal(expected.RngStates.Keys.Order(), actual.RngStates.Keys.Order());
        foreach (var (k, v) in expected.RngStates)
        {
            Assert.Equal(v, actual.RngStates[k]);
        }

        Assert.Equal(expected.Timesteps, actual.Timesteps);
        Assert.Equal(expected.Updates, actual.Updates);
        Assert.Equal(expected.Episodes, actual.Episodes);
        Assert.Equal(expected.ScheduleProgress, actual.ScheduleProgress);
        Assert.Equal(expected.RecentReturns, actual.RecentReturns);
        Assert.Equal(expected.RecentLengths, actual.RecentLengths);
        Assert.Equal(expected.ProximaVersion, actual.ProximaVersion);
        Assert.Equal(expected.CreatedUtc, actual.CreatedUtc);
        Assert.Equal(expected.Metadata.OrderBy(kv => kv.Key), actual.Metadata.OrderBy(kv => kv.Key));
    }

    public static byte[] ToBytes(CheckpointData data)
    {
        using var ms = new MemoryStream();
        CheckpointFile.Write(ms, data);
        return ms.ToArray();
    }

    /// <summary>Rewrites a checkpoint archive, letting <paramref name="edit"/> change or drop entries.</summary>
    public static byte[] Rewrite(byte[] archive, Func<string, byte[], byte[]?> edit)
    {
        using var input = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var s = entry.Open();
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                var content = edit(entry.FullName, buffer.ToArray());
                if (content is not null)
                {
                    using var w = zip.CreateEntry(entry.FullName).Open();
                    w.Write(content);
                }
            }
        }

        return output.ToArray();
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "proxima-ckpt-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
