using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Proxima.Optim;

namespace Proxima.Checkpoints;

/// <summary>
/// Saves and loads <see cref="CheckpointData"/> as a zip archive with four entries: <c>policy.safetensors</c>,
/// <c>optimizer.safetensors</c>, <c>state.json</c> and <c>config.yaml</c> (see docs/checkpoints.md). Saving is atomic
/// (<see cref="AtomicFile"/>); loading validates every entry and reports any content problem as a
/// <see cref="CheckpointFormatException"/>.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Zip entry with the policy weights.</summary>
    public const string PolicyEntry = "policy.safetensors";

    /// <summary>Zip entry with the optimizer state.</summary>
    public const string OptimizerEntry = "optimizer.safetensors";

    /// <summary>Zip entry with counters, RNG states, normalizers, the episode window and metadata.</summary>
    public const string StateEntry = "state.json";

    /// <summary>Zip entry with the run configuration.</summary>
    public const string ConfigEntry = "config.yaml";

    /// <summary>The <c>format</c> value of <c>state.json</c>.</summary>
    public const string FormatName = "proxima-checkpoint";

    /// <summary>The <c>format_version</c> written and accepted.</summary>
    public const int FormatVersion = 1;

    /// <summary>Separator between parameter name and slot in optimizer tensor names (<c>actor.0.weight/exp_avg</c>).</summary>
    public const char OptimizerSlotSeparator = '/';

    /// <summary>Largest uncompressed entry accepted on load.</summary>
    public const long MaxEntrySize = 1L << 30;

    /// <summary>The version of this Proxima assembly (for <see cref="CheckpointData.ProximaVersion"/>).</summary>
    public static string CurrentProximaVersion { get; } = typeof(CheckpointFile).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Saves <paramref name="data"/> to <paramref name="path"/> atomically (the old file stays intact until the new one is complete).</summary>
    public static void Save(string path, CheckpointData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ValidateForSave(data);
        AtomicFile.Write(path, stream => Write(stream, data));
    }

    /// <summary>Writes the checkpoint archive to a stream.</summary>
    public static void Write(Stream stream, CheckpointData data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(data);
        ValidateForSave(data);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        AddEntry(zip, ConfigEntry, StrictUtf8.GetBytes(data.ConfigYaml), CompressionLevel.Optimal);
        AddEntry(zip, StateEntry, JsonSerializer.SerializeToUtf8Bytes(ToDto(data), JsonOptions), CompressionLevel.Optimal);
        AddEntry(zip, PolicyEntry, Safetensors.ToBytes(data.Policy), CompressionLevel.NoCompression);
        var optimizerTensors = data.OptimizerState
            .Select(e => NamedTensor.FromFloats(e.ParameterName + OptimizerSlotSeparator + e.Slot, [e.Values.Length], e.Values))
            .ToArray();
        AddEntry(zip, OptimizerEntry, Safetensors.ToBytes(optimizerTensors), CompressionLevel.NoCompression);
    }

    /// <summary>Loads and validates a checkpoint. Content problems throw <see cref="CheckpointFormatException"/>;
    /// a missing file throws <see cref="FileNotFoundException"/>.</summary>
    public static CheckpointData Load(string path)
    {
        using var stream = OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads and validates a checkpoint archive from a seekable stream.</summary>
    public static CheckpointData Read(Stream stream)
    {
        using var zip = OpenArchive(stream);
        string config = DecodeUtf8(ReadEntry(zip, ConfigEntry), ConfigEntry);
        var state = ParseState(ReadEntry(zip, StateEntry));
        var policy = ParsePolicy(ReadEntry(zip, PolicyEntry));
        var optimizer = ParseOptimizer(ReadEntry(zip, OptimizerEntry));
        return new CheckpointData
        {
            ConfigYaml = config,
            EnvId = state.EnvId,
            ObservationSpace = state.ObservationSpace,
            ActionSpace = state.ActionSpace,
            Policy = policy,
            OptimizerState = optimizer,
            OptimizerStepCount = state.Counters.OptimizerSteps,
            Normalizers = state.Normalizers,
            RngStates = state.Rng,
            State = state.State,
            Timesteps = state.Counters.Timesteps,
            Updates = state.Counters.Updates,
            Episodes = state.Counters.Episodes,
            ScheduleProgress = state.ScheduleProgress,
            RecentReturns = state.EpisodeWindow.Returns,
            RecentLengths = state.EpisodeWindow.Lengths,
            ProximaVersion = state.ProximaVersion,
            CreatedUtc = state.CreatedUtc,
            Metadata = state.Metadata,
        };
    }

    /// <summary>Reads only the policy weights of a checkpoint (for evaluation or export), validated as in <see cref="Load"/>.</summary>
    public static IReadOnlyList<NamedTensor> ReadPolicyWeights(string path)
    {
        using var stream = OpenRead(path);
        using var zip = OpenArchive(stream);
        return ParsePolicy(ReadEntry(zip, PolicyEntry));
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
    }

    private static void ValidateForSave(CheckpointData data)
    {
        foreach (var t in data.Policy)
        {
            if (t.DType != SafetensorsDType.F32)
            {
                throw new ArgumentException($"Policy tensor '{t.Name}' has dtype {SafetensorsDTypes.NameOf(t.DType)}; policy weights must be F32.", nameof(data));
            }
        }

        foreach (var e in data.OptimizerState)
        {
            if (string.IsNullOrEmpty(e.ParameterName) || string.IsNullOrEmpty(e.Slot) || e.Slot.Contains(OptimizerSlotSeparator, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Optimizer state entry ('{e.ParameterName}', '{e.Slot}') needs a non-empty parameter name and a non-empty slot without '{OptimizerSlotSeparator}'.",
                    nameof(data));
            }
        }

        if (data.RecentReturns.Count != data.RecentLengths.Count)
        {
            throw new ArgumentException(
                $"The episode window has {data.RecentReturns.Count} returns but {data.RecentLengths.Count} lengths.", nameof(data));
        }

        if (data.Timesteps < 0 || data.Updates < 0 || data.Episodes < 0 || data.OptimizerStepCount < 0)
        {
            throw new ArgumentException("Counters (timesteps, updates, episodes, optimizer steps) must be >= 0.", nameof(data));
        }
    }

    private static CheckpointStateDto ToDto(CheckpointData data) => new()
    {
        Format = FormatName,
        FormatVersion = FormatVersion,
        ProximaVersion = data.ProximaVersion,
        CreatedUtc = data.CreatedUtc,
        EnvId = data.EnvId,
        ObservationSpace = data.ObservationSpace,
        ActionSpace = data.ActionSpace,
        Counters = new CheckpointCountersDto
        {
            Timesteps = data.Timesteps,
            Updates = data.Updates,
            Episodes = data.Episodes,
            OptimizerSteps = data.OptimizerStepCount,
        },
        ScheduleProgress = data.ScheduleProgress,
        Rng = data.RngStates.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Normalizers = data.Normalizers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        State = data.State.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        EpisodeWindow = new EpisodeWindowDto { Returns = data.RecentReturns.ToArray(), Lengths = data.RecentLengths.ToArray() },
        Metadata = data.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
    };

    private static void AddEntry(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var s = entry.Open();
        s.Write(content);
    }

    private static ZipArchive OpenArchive(Stream stream)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw new CheckpointFormatException($"The checkpoint is not a readable zip archive: {ex.Message}", ex);
        }
    }

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        ZipArchiveEntry? entry;
        try
        {
            entry = zip.GetEntry(name);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new CheckpointFormatException($"The checkpoint's zip directory is corrupt: {ex.Message}", ex);
        }

        if (entry is not null && zip.Entries.Count(e => e.FullName == name) > 1)
        {
            throw new CheckpointFormatException($"The checkpoint has more than one '{name}' entry.");
        }

        if (entry is null)
        {
            throw new CheckpointFormatException(
                $"The checkpoint has no '{name}' entry. Expected {ConfigEntry}, {StateEntry}, {PolicyEntry} and {OptimizerEntry}; found: "
                + string.Join(", ", zip.Entries.Select(e => e.FullName)) + ".");
        }

        // Deflate expands at most ~1032:1, so a larger claim is corrupt; this bounds the allocation below.
        long plausible = Math.Min(MaxEntrySize, Math.Max(1L << 20, entry.CompressedLength * 1100));
        if (entry.Length > plausible || entry.Length < 0 || entry.CompressedLength < 0)
        {
            throw new CheckpointFormatException(
                $"Checkpoint entry '{name}' claims {entry.Length} bytes from {entry.CompressedLength} compressed bytes, which is corrupt or over the limit of {MaxEntrySize}.");
        }

        try
        {
            using var s = entry.Open();
            var buffer = new byte[entry.Length];
            s.ReadExactly(buffer);
            if (s.ReadByte() != -1)
            {
                throw new CheckpointFormatException($"Checkpoint entry '{name}' holds more bytes than its zip header declares.");
            }

            // The zip reader does not verify checksums of stored entries, so check every entry here.
            uint crc = Crc32.Compute(buffer);
            if (crc != entry.Crc32)
            {
                throw new CheckpointFormatException(
                    $"Checkpoint entry '{name}' is corrupt: its CRC-32 is {crc:X8} but the zip header records {entry.Crc32:X8}.");
            }

            return buffer;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            throw new CheckpointFormatException($"Checkpoint entry '{name}' is corrupt: {ex.Message}", ex);
        }
    }

    private static string DecodeUtf8(byte[] bytes, string name)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new CheckpointFormatException($"Checkpoint entry '{name}' is not valid UTF-8.", ex);
        }
    }

    private static CheckpointStateDto ParseState(byte[] bytes)
    {
        CheckpointStateDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<CheckpointStateDto>(bytes, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException($"{StateEntry} is invalid: {ex.Message}", ex);
        }

        if (dto is null)
        {
            throw new CheckpointFormatException($"{StateEntry} is null; expected an object.");
        }

        if (dto.Format != FormatName || dto.FormatVersion != FormatVersion)
        {
            throw new CheckpointFormatException(
                $"{StateEntry} declares format '{dto.Format}' version {dto.FormatVersion}; this Proxima reads '{FormatName}' version {FormatVersion}.");
        }

        var c = dto.Counters;
        if (c.Timesteps < 0 || c.Updates < 0 || c.Episodes < 0 || c.OptimizerSteps < 0)
        {
            throw new CheckpointFormatException($"{StateEntry}: counters must be >= 0.");
        }

        if (dto.EpisodeWindow.Returns.Length != dto.EpisodeWindow.Lengths.Length)
        {
            throw new CheckpointFormatException(
                $"{StateEntry}: the episode window has {dto.EpisodeWindow.Returns.Length} returns but {dto.EpisodeWindow.Lengths.Length} lengths.");
        }

        foreach (var (name, words) in dto.Rng)
        {
            if (words is null)
            {
                throw new CheckpointFormatException($"{StateEntry}: RNG state '{name}' is null.");
            }
        }

        foreach (var (name, values) in dto.Normalizers)
        {
            if (values is null)
            {
                throw new CheckpointFormatException($"{StateEntry}: normalizer statistic '{name}' is null.");
            }
        }

        foreach (var (name, values) in dto.State)
        {
            if (values is null)
            {
                throw new CheckpointFormatException($"{StateEntry}: state array '{name}' is null.");
            }
        }

        foreach (var (name, value) in dto.Metadata)
        {
            if (value is null)
            {
                throw new CheckpointFormatException($"{StateEntry}: metadata '{name}' is null.");
            }
        }

        return dto;
    }

    private static IReadOnlyList<NamedTensor> ParsePolicy(byte[] bytes)
    {
        var file = ReadSafetensors(bytes, PolicyEntry);
        foreach (var t in file.Tensors)
        {
            if (t.DType != SafetensorsDType.F32)
            {
                throw new CheckpointFormatException($"{PolicyEntry}: tensor '{t.Name}' has dtype {SafetensorsDTypes.NameOf(t.DType)}; policy weights must be F32.");
            }
        }

        return file.Tensors;
    }

    private static IReadOnlyList<OptimizerStateEntry> ParseOptimizer(byte[] bytes)
    {
        var file = ReadSafetensors(bytes, OptimizerEntry);
        var entries = new List<OptimizerStateEntry>(file.Tensors.Count);
        foreach (var t in file.Tensors)
        {
            int split = t.Name.LastIndexOf(OptimizerSlotSeparator);
            if (split <= 0 || split == t.Name.Length - 1)
            {
                throw new CheckpointFormatException(
                    $"{OptimizerEntry}: tensor '{t.Name}' is not named '<parameter>{OptimizerSlotSeparator}<slot>'.");
            }

            if (t.DType != SafetensorsDType.F32 || t.Shape.Length != 1)
            {
                throw new CheckpointFormatException(
                    $"{OptimizerEntry}: tensor '{t.Name}' must be a 1-D F32 tensor, got {SafetensorsDTypes.NameOf(t.DType)} {t.DescribeShape()}.");
            }

            entries.Add(new OptimizerStateEntry(t.Name[..split], t.Name[(split + 1)..], t.ToFloats()));
        }

        return entries;
    }

    private static SafetensorsFile ReadSafetensors(byte[] bytes, string entry)
    {
        try
        {
            return Safetensors.Read(bytes);
        }
        catch (CheckpointFormatException ex)
        {
            throw new CheckpointFormatException($"{entry}: {ex.Message}", ex);
        }
    }
}
