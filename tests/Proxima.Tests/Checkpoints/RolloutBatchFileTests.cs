using System.Buffers.Binary;
using System.Diagnostics;
using Proxima.Checkpoints;
using Proxima.Random;
using Proxima.Training;

namespace Proxima.Tests.Checkpoints;

public class RolloutBatchFileTests
{
    private static RolloutBatch RandomBatch(Pcg64 rng, int steps, int rows, int obs, int act, int mask, int rec)
    {
        var b = new RolloutBatch(steps, rows, obs, act, mask, rec) { PolicyVersion = (long)rng.NextUInt64() };
        foreach (var a in new[] { b.Observations, b.Actions, b.LogProbs, b.Values, b.Rewards, b.BootstrapValues, b.Advantages, b.Returns })
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (float)rng.NextGaussian();
            }
        }

        foreach (var a in new[] { b.Terminated, b.Truncated, b.EpisodeStarts })
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = rng.NextInt(3) == 0;
            }
        }

        if (b.ActionMasks is not null)
        {
            for (int i = 0; i < b.ActionMasks.Length; i++)
            {
                b.ActionMasks[i] = rng.NextInt(2) == 0;
            }
        }

        if (b.RecurrentStates is not null)
        {
            for (int i = 0; i < b.RecurrentStates.Length; i++)
            {
                b.RecurrentStates[i] = rng.NextFloat();
            }
        }

        return b;
    }

    private static bool Same(RolloutBatch a, RolloutBatch b) =>
        a.Steps == b.Steps && a.Rows == b.Rows && a.ObservationSize == b.ObservationSize && a.ActionSize == b.ActionSize
        && a.ActionMaskSize == b.ActionMaskSize && a.RecurrentStateSize == b.RecurrentStateSize && a.PolicyVersion == b.PolicyVersion
        && Bits(a.Observations).SequenceEqual(Bits(b.Observations)) && Bits(a.Actions).SequenceEqual(Bits(b.Actions))
        && Bits(a.LogProbs).SequenceEqual(Bits(b.LogProbs)) && Bits(a.Values).SequenceEqual(Bits(b.Values))
        && Bits(a.Rewards).SequenceEqual(Bits(b.Rewards)) && Bits(a.BootstrapValues).SequenceEqual(Bits(b.BootstrapValues))
        && Bits(a.Advantages).SequenceEqual(Bits(b.Advantages)) && Bits(a.Returns).SequenceEqual(Bits(b.Returns))
        && a.Terminated.SequenceEqual(b.Terminated) && a.Truncated.SequenceEqual(b.Truncated) && a.EpisodeStarts.SequenceEqual(b.EpisodeStarts)
        && (a.ActionMasks ?? []).SequenceEqual(b.ActionMasks ?? []) && Bits(a.RecurrentStates ?? []).SequenceEqual(Bits(b.RecurrentStates ?? []));

    private static IEnumerable<int> Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits);

    [Theory]
    [InlineData(1, 1, 1, 1, 0, 0)]
    [InlineData(5, 3, 4, 2, 0, 0)]
    [InlineData(4, 2, 3, 1, 6, 8)]
    public void SaveLoad_RoundTripsEveryArray(int steps, int rows, int obs, int act, int mask, int rec)
    {
        var batch = RandomBatch(new Pcg64(1), steps, rows, obs, act, mask, rec);
        string path = Path.Combine(CheckpointTestData.TempDirectory(), "r.bin");
        RolloutBatchFile.Save(path, batch);
        var loaded = RolloutBatchFile.Load(path);
        Assert.True(Same(batch, loaded));
        Assert.Equal(RolloutBatchFile.HeaderSize + RolloutBatchFile.TrailerSize + ((long)steps * rows * (((obs + act + 6 + rec) * 4) + 3 + mask)), new FileInfo(path).Length);
    }

    [Fact]
    public void Same_DetectsADifferenceInEveryField()
    {
        // Guards the fuzz test below: its equality check must notice any changed value.
        var a = RandomBatch(new Pcg64(2), 2, 2, 2, 2, 2, 2);
        Assert.True(Same(a, a.Clone()));
        var mutations = new Action<RolloutBatch>[]
        {
            b => b.Observations[3] += 1, b => b.Actions[0] += 1, b => b.LogProbs[1] += 1, b => b.Values[2] += 1,
            b => b.Rewards[3] += 1, b => b.BootstrapValues[0] += 1, b => b.Advantages[1] += 1, b => b.Returns[2] += 1,
            b => b.Terminated[0] ^= true, b => b.Truncated[1] ^= true, b => b.EpisodeStarts[2] ^= true,
            b => b.ActionMasks![5] ^= true, b => b.RecurrentStates![7] += 1, b => b.PolicyVersion++,
        };
        foreach (var mutate in mutations)
        {
            var b = a.Clone();
            mutate(b);
            Assert.False(Same(a, b));
        }
    }

    [Fact]
    public void Load_ExplainsSpecificProblems()
    {
        var valid = RolloutBatchFile.ToBytes(RandomBatch(new Pcg64(3), 2, 2, 3, 1, 0, 0));
        string Message(byte[] bytes) => Assert.Throws<RolloutFileException>(() => RolloutBatchFile.FromBytes(bytes)).Message;

        Assert.Contains("magic", Message([.. "NOPE"u8, .. valid.AsSpan(4)]));
        Assert.Contains("truncated", Message(valid[..^1]));
        Assert.Contains("after the payload", Message([.. valid, 0]));
        Assert.Contains("shorter", Message(valid[..10]));
        var flipped = (byte[])valid.Clone();
        flipped[RolloutBatchFile.HeaderSize + 5] ^= 1;
        Assert.Contains("payload checksum", Message(flipped));
        var header = (byte[])valid.Clone();
        header[9] ^= 1;
        Assert.Contains("header checksum", Message(header));
        Assert.Contains("version 7", Message(WithHeader(valid, h => BinaryPrimitives.WriteUInt32LittleEndian(h[4..], 7))));
        Assert.Contains("sizes are invalid", Message(WithHeader(valid, h => BinaryPrimitives.WriteInt32LittleEndian(h[8..], 0))));
        // Huge but consistent sizes with a valid header checksum: rejected by the length check, before any allocation.
        Assert.Contains("truncated", Message(WithHeader(valid, h =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(h[8..], int.MaxValue);
            BinaryPrimitives.WriteInt32LittleEndian(h[12..], int.MaxValue);
            BinaryPrimitives.WriteInt64LittleEndian(h[40..], long.MaxValue);
        })));
        Assert.Contains("declares", Message(WithHeader(valid, h => BinaryPrimitives.WriteInt64LittleEndian(h[40..], 12))));
    }

    /// <summary>Edits the header and recomputes its checksum, as a hostile or buggy writer would.</summary>
    private static byte[] WithHeader(byte[] valid, SpanAction edit)
    {
        var bytes = (byte[])valid.Clone();
        var h = bytes.AsSpan(0, RolloutBatchFile.HeaderSize);
        edit(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], Crc32.Compute(h[..48]));
        return bytes;
    }

    private delegate void SpanAction(Span<byte> header);

    [Fact]
    public void Fuzz_CorruptFilesThrowOnlyRolloutFileExceptionAndNeverHang()
    {
        var rng = new Pcg64(2026);
        var originals = new[]
        {
            RandomBatch(rng, 3, 2, 4, 2, 0, 0),
            RandomBatch(rng, 2, 3, 2, 1, 3, 2),
            RandomBatch(rng, 1, 1, 1, 1, 0, 0),
        };
        var encoded = originals.Select(RolloutBatchFile.ToBytes).ToArray();
        var sw = Stopwatch.StartNew();
        int rejected = 0, equal = 0;
        const int iterations = 12_000;
        for (int i = 0; i < iterations; i++)
        {
            int which = rng.NextInt(originals.Length);
            byte[] bytes = Corrupt(encoded[which], rng, i % 7);
            try
            {
                var loaded = i % 50 == 0 ? RolloutBatchFile.Read(new NonSeekableStream(bytes)) : RolloutBatchFile.FromBytes(bytes);
                // Accepted input must be a no-op corruption that yields exactly the original batch.
                Assert.True(Same(originals[which], loaded), $"iteration {i}: a corrupted file loaded as a different batch");
                equal++;
            }
            catch (RolloutFileException)
            {
                rejected++;
            }

            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"fuzzing is too slow (hang?) at iteration {i}");
        }

        Assert.Equal(iterations, rejected + equal);
        Assert.True(rejected > iterations * 9 / 10, $"only {rejected} of {iterations} corruptions were rejected");
    }

    private static byte[] Corrupt(byte[] valid, Pcg64 rng, int kind)
    {
        var bytes = (byte[])valid.Clone();
        switch (kind)
        {
            case 0: // bit flips
                for (int f = 0; f < 1 + rng.NextInt(8); f++)
                {
                    bytes[rng.NextInt(bytes.Length)] ^= (byte)(1 << rng.NextInt(8));
                }

                return bytes;
            case 1: // truncation
                return bytes[..rng.NextInt(bytes.Length)];
            case 2: // extension
                return [.. bytes, .. RandomBytes(rng, 1 + rng.NextInt(64))];
            case 3: // random header, checksum left as it is
                RandomBytes(rng, RolloutBatchFile.HeaderSize).CopyTo(bytes, 0);
                return bytes;
            case 4: // random header fields with a recomputed header checksum (reaches the size validation)
                {
                    var h = bytes.AsSpan(0, RolloutBatchFile.HeaderSize);
                    // The six sizes (8..32) and the payload length (40..48); the policy version (32..40) is free data.
                    int field = rng.NextInt(8) is int k && k < 6 ? 8 + (4 * k) : 40 + (4 * (k - 6));
                    int value = rng.NextInt(4) switch
                    {
                        0 => (int)rng.NextUInt64(),
                        1 => int.MaxValue - rng.NextInt(3),
                        2 => rng.NextInt(16),
                        _ => -rng.NextInt(3),
                    };
                    BinaryPrimitives.WriteInt32LittleEndian(h[field..], value);
                    BinaryPrimitives.WriteUInt32LittleEndian(h[48..], Crc32.Compute(h[..48]));
                    return bytes;
                }

            case 5: // entirely random content of a random length, sometimes with a valid magic
                {
                    var r = RandomBytes(rng, rng.NextInt(200));
                    if (r.Length >= 4 && rng.NextInt(2) == 0)
                    {
                        "PXRB"u8.CopyTo(r);
                    }

                    return r;
                }

            default: // a no-op (flip a bit and back), or the file concatenated with itself
                {
                    int at = rng.NextInt(bytes.Length);
                    bytes[at] ^= 0x10;
                    bytes[at] ^= 0x10;
                    return rng.NextInt(2) == 0 ? bytes : [.. bytes, .. valid];
                }
        }
    }

    private static byte[] RandomBytes(Pcg64 rng, int n)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)rng.NextUInt64();
        }

        return b;
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
