using System.IO.Compression;
using System.Text;
using Proxima.Checkpoints;
using Proxima.Nn;
using Proxima.Optim;

namespace Proxima.Tests.Checkpoints;

public class CheckpointFileTests
{
    [Fact]
    public void SaveLoad_RoundTripsEveryField()
    {
        string dir = CheckpointTestData.TempDirectory();
        string path = Path.Combine(dir, "a.ckpt");
        var data = CheckpointTestData.Sample();
        CheckpointFile.Save(path, data);
        CheckpointTestData.AssertEqual(data, CheckpointFile.Load(path));
        Assert.Empty(Directory.GetFiles(dir, AtomicFile.TempPrefix + "*"));
    }

    [Fact]
    public void Archive_HasTheDocumentedEntriesAndReadableParts()
    {
        var bytes = CheckpointTestData.ToBytes(CheckpointTestData.Sample());
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(
            new[] { "config.yaml", "optimizer.safetensors", "policy.safetensors", "state.json" },
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var policy = zip.GetEntry("policy.safetensors")!.Open();
        var policyFile = Safetensors.Read(policy);
        Assert.Equal([1f, 2f], policyFile.GetFloats("actor.0.bias"));
        using var optimizer = zip.GetEntry("optimizer.safetensors")!.Open();
        Assert.Equal([9f, 10f], Safetensors.Read(optimizer).GetFloats("actor.0.bias/exp_avg_sq"));
        using var state = new StreamReader(zip.GetEntry("state.json")!.Open());
        string json = state.ReadToEnd();
        Assert.Contains("\"timesteps\": 123456789012", json);
        Assert.Contains("\"format\": \"proxima-checkpoint\"", json);
        Assert.Contains("18446744073709551615", json); // ulong.MaxValue written exactly
    }

    [Fact]
    public void ReadPolicyWeights_ReturnsOnlyThePolicy()
    {
        string path = Path.Combine(CheckpointTestData.TempDirectory(), "p.ckpt");
        CheckpointFile.Save(path, CheckpointTestData.Sample());
        var weights = CheckpointFile.ReadPolicyWeights(path);
        Assert.Equal(["actor.0.bias", "actor.0.weight"], weights.Select(w => w.Name));
        Assert.Equal([0.1f, -0.2f, 0.3f, float.Epsilon, -0f, 6f], weights[1].ToFloats());
    }

    [Fact]
    public void OptimizerState_RestoresAdamBitIdentically()
    {
        static (ParameterSet, Adam) Make()
        {
            var w = new Parameter("w", 3, 2);
            var b = new Parameter("b", 3);
            var set = new ParameterSet([("layer.w", w), ("layer.b", b)]);
            return (set, new Adam(set, new AdamOptions(1e-2)));
        }

        var rng = new Proxima.Random.Pcg64(5);
        var (setA, adamA) = Make();
        for (int i = 0; i < setA.Count; i++)
        {
            setA.Values[i] = (float)rng.NextGaussian();
        }

        void Step(ParameterSet set, Adam adam, int seed)
        {
            var g = new Proxima.Random.Pcg64((ulong)seed);
            for (int i = 0; i < set.Count; i++)
            {
                set.Grads[i] = (float)g.NextGaussian();
            }

            adam.Step();
        }

        for (int s = 0; s < 3; s++)
        {
            Step(setA, adamA, s);
        }

        var data = CheckpointTestData.Sample() with
        {
            Policy = CheckpointValidation.ToTensors(setA),
            OptimizerState = adamA.ExportState(),
            OptimizerStepCount = adamA.StepCount,
        };
        var loaded = CheckpointFile.Read(new MemoryStream(CheckpointTestData.ToBytes(data)));

        var (setB, adamB) = Make();
        CheckpointValidation.LoadInto(setB, loaded.Policy);
        adamB.ImportState(loaded.OptimizerState, loaded.OptimizerStepCount);
        Step(setA, adamA, 10);
        Step(setB, adamB, 10);
        Assert.Equal(setA.Values, setB.Values);
    }

    private static CheckpointFormatException LoadFails(byte[] bytes) =>
        Assert.Throws<CheckpointFormatException>(() => CheckpointFile.Read(new MemoryStream(bytes)));

    [Theory]
    [InlineData("policy.safetensors")]
    [InlineData("optimizer.safetensors")]
    [InlineData("state.json")]
    [InlineData("config.yaml")]
    public void Load_RejectsAMissingEntry(string entry)
    {
        var bytes = CheckpointTestData.Rewrite(CheckpointTestData.ToBytes(CheckpointTestData.Sample()), (name, content) => name == entry ? null : content);
        Assert.Contains($"no '{entry}' entry", LoadFails(bytes).Message);
    }

    public static TheoryData<string, string, string> StateEdits => new()
    {
        { "not json", "{", "state.json is invalid" },
        { "null", "null", "null" },
        { "string counter", "\"timesteps\": 123456789012|\"timesteps\": \"12\"", "state.json is invalid" },
        { "fractional counter", "\"updates\": 42|\"updates\": 4.5", "state.json is invalid" },
        { "negative counter", "\"episodes\": 999|\"episodes\": -1", "counters" },
        { "unknown field", "\"env_id\"|\"extra\": 1, \"env_id\"", "state.json is invalid" },
        { "missing field", "\"env_id\": \"CartPole-v1\",|", "state.json is invalid" },
        { "duplicate field", "\"env_id\"|\"env_id\": \"x\", \"env_id\"", "state.json is invalid" },
        { "wrong format", "\"proxima-checkpoint\"|\"other\"", "declares format" },
        { "future version", "\"format_version\": 1|\"format_version\": 2", "version 2" },
        { "rng negative", "18446744073709551615|-1", "state.json is invalid" },
        { "rng null", "\"main\": [|\"x\": null, \"main\": [", "RNG state 'x' is null" },
        { "metadata number", "\"abc123\"|123", "state.json is invalid" },
        { "window mismatch", "\"lengths\": [|\"lengths\": [1, ", "episode window" },
        { "counters array", "\"counters\": {|\"counters\": [], \"x\": {", "state.json is invalid" },
        { "bad date", "\"created_utc\": \"|\"created_utc\": \"yesterday", "state.json is invalid" },
    };

    [Theory]
    [MemberData(nameof(StateEdits))]
    public void Load_RejectsBadStateJson(string description, string edit, string fragment)
    {
        var bytes = CheckpointTestData.Rewrite(CheckpointTestData.ToBytes(CheckpointTestData.Sample()), (name, content) =>
        {
            if (name != "state.json")
            {
                return content;
            }

            if (!edit.Contains('|'))
            {
                return Encoding.UTF8.GetBytes(edit);
            }

            string text = Encoding.UTF8.GetString(content);
            var parts = edit.Split('|');
            Assert.True(text.Contains(parts[0], StringComparison.Ordinal), $"{description}: '{parts[0]}' not in state.json:\n{text}");
            int at = text.IndexOf(parts[0], StringComparison.Ordinal);
            return Encoding.UTF8.GetBytes(text[..at] + parts[1] + text[(at + parts[0].Length)..]);
        });
        var ex = LoadFails(bytes);
        Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal), $"{description}: '{ex.Message}' should contain '{fragment}'");
    }

    [Fact]
    public void Load_RejectsBadTensorsAndEncodings()
    {
        var archive = CheckpointTestData.ToBytes(CheckpointTestData.Sample());
        var i64Policy = Safetensors.ToBytes([NamedTensor.FromInt64s("w", [1], [1])]);
        Assert.Contains("must be F32", LoadFails(CheckpointTestData.Rewrite(archive, (n, c) => n == "policy.safetensors" ? i64Policy : c)).Message);
        var badName = Safetensors.ToBytes([NamedTensor.FromFloats("noslot", [1], [1])]);
        Assert.Contains("<parameter>/<slot>", LoadFails(CheckpointTestData.Rewrite(archive, (n, c) => n == "optimizer.safetensors" ? badName : c)).Message);
        var garbage = new byte[] { 1, 2, 3 };
        Assert.Contains("policy.safetensors", LoadFails(CheckpointTestData.Rewrite(archive, (n, c) => n == "policy.safetensors" ? garbage : c)).Message);
        Assert.Contains("UTF-8", LoadFails(CheckpointTestData.Rewrite(archive, (n, c) => n == "config.yaml" ? [0xC3, 0x28] : c)).Message);
    }

    [Fact]
    public void Load_RejectsDuplicateEntries()
    {
        var archive = CheckpointTestData.ToBytes(CheckpointTestData.Sample());
        using var ms = new MemoryStream();
        ms.Write(archive);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var w = zip.CreateEntry("state.json").Open();
            w.Write("{}"u8);
        }

        Assert.Contains("more than one 'state.json'", LoadFails(ms.ToArray()).Message);
        Assert.Equal("0.1.0", CheckpointFile.CurrentProximaVersion);
    }

    [Fact]
    public void Load_RejectsNonZipAndMissingFile()
    {
        LoadFails([]);
        LoadFails(Encoding.UTF8.GetBytes("definitely not a zip file, just text"));
        Assert.Throws<FileNotFoundException>(() => CheckpointFile.Load(Path.Combine(CheckpointTestData.TempDirectory(), "none.ckpt")));
    }

    [Fact]
    public void Load_ThrowsOnlyFormatExceptionsForRandomCorruption()
    {
        var valid = CheckpointTestData.ToBytes(CheckpointTestData.Sample());
        var rng = new Proxima.Random.Pcg64(99);
        int rejected = 0;
        for (int i = 0; i < 1500; i++)
        {
            byte[] bytes;
            if (i % 3 == 0)
            {
                bytes = valid.AsSpan(0, rng.NextInt(valid.Length)).ToArray();
            }
            else
            {
                bytes = (byte[])valid.Clone();
                for (int f = 0; f < 1 + rng.NextInt(3); f++)
                {
                    bytes[rng.NextInt(bytes.Length)] ^= (byte)(1 << rng.NextInt(8));
                }
            }

            try
            {
                // Corruption that is accepted (e.g. in a zip timestamp) must not change any loaded value.
                CheckpointTestData.AssertEqual(CheckpointTestData.Sample(), CheckpointFile.Read(new MemoryStream(bytes)));
            }
            catch (CheckpointFormatException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 700, $"only {rejected} of 1500 corruptions were detected");
    }

    [Fact]
    public void Save_RejectsInvalidData()
    {
        string path = Path.Combine(CheckpointTestData.TempDirectory(), "x.ckpt");
        var sample = CheckpointTestData.Sample();
        Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, sample with { Policy = [NamedTensor.FromDoubles("w", [1], [1])] }));
        Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, sample with { OptimizerState = [new OptimizerStateEntry("w", "a/b", [1])] }));
        Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, sample with { RecentLengths = [1] }));
        Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, sample with { Timesteps = -1 }));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Load_DetectsCorruptionInsideStoredTensorData()
    {
        // Tensor entries are stored uncompressed; the zip CRC-32 must still catch a flipped bit in the floats.
        var data = CheckpointTestData.Sample();
        var archive = CheckpointTestData.ToBytes(data);
        byte[] pattern = data.Policy.Single(t => t.Name == "actor.0.weight").Data;
        int at = archive.AsSpan().IndexOf(pattern);
        Assert.True(at > 0, "the stored tensor bytes should appear verbatim in the archive");
        archive[at + 2] ^= 0x01;
        Assert.Contains("policy.safetensors", LoadFails(archive).Message);
    }

    [Fact]
    public void Load_ThrowsOnlyFormatExceptionsForCorruptStateJson()
    {
        var archive = CheckpointTestData.ToBytes(CheckpointTestData.Sample());
        byte[] state = [];
        CheckpointTestData.Rewrite(archive, (n, c) =>
        {
            if (n == "state.json")
            {
                state = c;
            }

            return c;
        });
        const string Alphabet = " {}[]\",:0123456789.eE-nul";
        var rng = new Proxima.Random.Pcg64(7);
        int rejected = 0;
        for (int i = 0; i < 400; i++)
        {
            var edited = (byte[])state.Clone();
            for (int f = 0; f < 1 + rng.NextInt(3); f++)
            {
                edited[rng.NextInt(edited.Length)] = (byte)Alphabet[rng.NextInt(Alphabet.Length)];
            }

            try
            {
                CheckpointFile.Read(new MemoryStream(CheckpointTestData.Rewrite(archive, (n, c) => n == "state.json" ? edited : c)));
            }
            catch (CheckpointFormatException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 200, $"only {rejected} of 400 edits were rejected");
    }
}
