using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Proxima.Training;

namespace Proxima.Checkpoints;

/// <summary>
/// Saves and loads a <see cref="RolloutBatch"/> in a compact binary format: a 56-byte header (magic <c>PXRB</c>,
/// version, sizes, policy version, payload length, header CRC-32), the arrays little-endian one after another, and a
/// CRC-32 of the payload. Loading checks every size against the actual length before allocating anything, so
/// corrupt, truncated, extended or hostile input is rejected with a <see cref="RolloutFileException"/>.
/// </summary>
public static class RolloutBatchFile
{
    /// <summary>The format version written and accepted.</summary>
    public const uint Version = 1;

    /// <summary>Bytes before the payload.</summary>
    public const int HeaderSize = 56;

    /// <summary>Bytes after the payload (its CRC-32).</summary>
    public const int TrailerSize = 4;

    private static ReadOnlySpan<byte> Magic => "PXRB"u8;

    /// <summary>Saves <paramref name="batch"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, RolloutBatch batch)
    {
        byte[] bytes = ToBytes(batch);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>Loads a batch saved by <see cref="Save"/>; any problem with the content throws <see cref="RolloutFileException"/>.</summary>
    public static RolloutBatch Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return Read(stream);
    }

    /// <summary>Writes <paramref name="batch"/> to a stream.</summary>
    public static void Write(Stream stream, RolloutBatch batch)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(batch));
    }

    /// <summary>Reads a batch from the current position to the end of the stream.</summary>
    public static RolloutBatch Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = StreamBytes.ReadToEnd(
            stream,
            remaining => new RolloutFileException($"The rollout file is {remaining} bytes, larger than any valid rollout file."));
        return FromBytes(bytes);
    }

    /// <summary>The serialized form of <paramref name="batch"/>.</summary>
    public static byte[] ToBytes(RolloutBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long payload = PayloadLength(batch.Steps, batch.Rows, batch.ObservationSize, batch.ActionSize, batch.ActionMaskSize, batch.RecurrentStateSize);
        long total = HeaderSize + payload + TrailerSize;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"The batch ({batch.Describe()}) is too large to save in one file.", nameof(batch));
        }

        var bytes = new byte[total];
        var h = bytes.AsSpan(0, HeaderSize);
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], batch.Steps);
        BinaryPrimitives.WriteInt32LittleEndian(h[12..], batch.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], batch.ObservationSize);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], batch.ActionSize);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], batch.ActionMaskSize);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], batch.RecurrentStateSize);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], batch.PolicyVersion);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], payload);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], Crc32.Compute(h[..48]));
        BinaryPrimitives.WriteUInt32LittleEndian(h[52..], 0);

        var body = bytes.AsSpan(HeaderSize, (int)payload);
        int pos = 0;
        foreach (var array in FloatArrays(batch))
        {
            var src = MemoryMarshal.AsBytes(array.AsSpan());
            CopyLittleEndian(src, body.Slice(pos, src.Length));
            pos += src.Length;
        }

        foreach (var array in BoolArrays(batch))
        {
            for (int i = 0; i < array.Length; i++)
            {
                body[pos + i] = array[i] ? (byte)1 : (byte)0;
            }

            pos += array.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderSize + (int)payload), Crc32.Compute(body));
        return bytes;
    }

    /// <summary>Parses and validates a serialized batch.</summary>
    public static RolloutBatch FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize + TrailerSize)
        {
            throw Fail($"the file is {bytes.Length} bytes, shorter than the {HeaderSize + TrailerSize}-byte minimum (truncated?)");
        }

        var h = bytes[..HeaderSize];
        if (!h[..4].SequenceEqual(Magic))
        {
            throw Fail("it does not start with the magic 'PXRB' (not a Proxima rollout file)");
        }

        uint headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(h[48..]);
        if (headerCrc != Crc32.Compute(h[..48]))
        {
            throw Fail("the header checksum does not match (the header is corrupt)");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
        if (version != Version)
        {
            throw Fail($"format version {version} is not supported (this Proxima reads version {Version})");
        }

        int steps = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        int rows = BinaryPrimitives.ReadInt32LittleEndian(h[12..]);
        int obs = BinaryPrimitives.ReadInt32LittleEndian(h[16..]);
        int act = BinaryPrimitives.ReadInt32LittleEndian(h[20..]);
        int mask = BinaryPrimitives.ReadInt32LittleEndian(h[24..]);
        int rec = BinaryPrimitives.ReadInt32LittleEndian(h[28..]);
        long policyVersion = BinaryPrimitives.ReadInt64LittleEndian(h[32..]);
        long declared = BinaryPrimitives.ReadInt64LittleEndian(h[40..]);
        if (steps < 1 || rows < 1 || obs < 1 || act < 1 || mask < 0 || rec < 0 || BinaryPrimitives.ReadUInt32LittleEndian(h[52..]) != 0)
        {
            throw Fail($"the header sizes are invalid (steps {steps}, rows {rows}, observation {obs}, action {act}, mask {mask}, recurrent {rec})");
        }

        // Sizes are positive ints, so every product below fits in a long (at most 2^31 * 2^31 * 4 per term);
        // PayloadLength saturates instead of overflowing when the terms are summed.
        long expected = PayloadLength(steps, rows, obs, act, mask, rec);
        long actual = bytes.Length - (long)HeaderSize - TrailerSize;
        if (declared != expected)
        {
            throw Fail($"the header declares a {declared}-byte payload but its sizes need {expected} bytes");
        }

        if (actual != expected)
        {
            throw Fail(actual < expected
                ? $"the payload is {actual} bytes but {expected} are needed (truncated)"
                : $"there are {actual - expected} bytes after the payload (extended or concatenated)");
        }

        var body = bytes.Slice(HeaderSize, (int)expected);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(HeaderSize + (int)expected)..]);
        if (crc != Crc32.Compute(body))
        {
            throw Fail("the payload checksum does not match (the data is corrupt)");
        }

        // All sizes are now bounded by the actual input length, so this allocation is proportional to it.
        var batch = new RolloutBatch(steps, rows, obs, act, mask, rec) { PolicyVersion = policyVersion };
        int pos = 0;
        foreach (var array in FloatArrays(batch))
        {
            var dst = MemoryMarshal.AsBytes(array.AsSpan());
            CopyLittleEndian(body.Slice(pos, dst.Length), dst);
            pos += dst.Length;
        }

        foreach (var array in BoolArrays(batch))
        {
            for (int i = 0; i < array.Length; i++)
            {
                byte b = body[pos + i];
                if (b > 1)
                {
                    throw Fail($"a boolean entry at payload offset {pos + i} holds {b}, not 0 or 1");
                }

                array[i] = b == 1;
            }

            pos += array.Length;
        }

        return batch;
    }

    private static long PayloadLength(long steps, long rows, long obs, long act, long mask, long rec)
    {
        long n = steps * rows;
        const long floatsPerTransition = 6; // log-probs, values, rewards, bootstrap values, advantages, returns
        const long boolsPerTransition = 3; // terminated, truncated, episode starts
        decimal total = ((decimal)n * (obs + act + floatsPerTransition + rec) * 4) + ((decimal)n * (boolsPerTransition + mask));
        return total > long.MaxValue ? long.MaxValue : (long)total;
    }

    private static IEnumerable<float[]> FloatArrays(RolloutBatch b)
    {
        yield return b.Observations;
        yield return b.Actions;
        yield return b.LogProbs;
        yield return b.Values;
        yield return b.Rewards;
        yield return b.BootstrapValues;
        yield return b.Advantages;
        yield return b.Returns;
        if (b.RecurrentStates is not null)
        {
            yield return b.RecurrentStates;
        }
    }

    private static IEnumerable<bool[]> BoolArrays(RolloutBatch b)
    {
        yield return b.Terminated;
        yield return b.Truncated;
        yield return b.EpisodeStarts;
        if (b.ActionMasks is not null)
        {
            yield return b.ActionMasks;
        }
    }

    private static void CopyLittleEndian(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Rollout files require a little-endian platform.");
        }

        src.CopyTo(dst);
    }

    private static RolloutFileException Fail(string problem) => new($"Invalid rollout file: {problem}.");
}
