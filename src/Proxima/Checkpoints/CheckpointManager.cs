using System.Globalization;

namespace Proxima.Checkpoints;

/// <summary>
/// Keeps the checkpoints of one run in a directory: numbered <c>ckpt-{step}.ckpt</c> files (only the newest
/// <see cref="KeepLast"/> are kept), plus <c>final.ckpt</c> and <c>best.ckpt</c>. Every save is atomic, so after a
/// crash each file present is a complete checkpoint.
/// </summary>
public sealed class CheckpointManager
{
    /// <summary>File name of the final checkpoint.</summary>
    public const string FinalName = "final.ckpt";

    /// <summary>File name of the best checkpoint.</summary>
    public const string BestName = "best.ckpt";

    private const string NumberedPrefix = "ckpt-";
    private const string Extension = ".ckpt";

    /// <summary>Manages <paramref name="directory"/> (created if missing), keeping the newest <paramref name="keepLast"/> numbered checkpoints.</summary>
    public CheckpointManager(string directory, int keepLast)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);
        Directory = Path.GetFullPath(directory);
        KeepLast = keepLast;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The checkpoint directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>How many numbered checkpoints are kept.</summary>
    public int KeepLast { get; }

    /// <summary>Path of the numbered checkpoint for <paramref name="step"/>.</summary>
    public string PathFor(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Path.Combine(Directory, NumberedPrefix + step.ToString(CultureInfo.InvariantCulture) + Extension);
    }

    /// <summary>Saves <c>ckpt-{step}.ckpt</c> atomically, then deletes the oldest numbered checkpoints beyond <see cref="KeepLast"/>.</summary>
    public string SaveNumbered(long step, CheckpointData data)
    {
        string path = PathFor(step);
        CheckpointFile.Save(path, data);
        Prune();
        return path;
    }

    /// <summary>Saves <c>final.ckpt</c> atomically.</summary>
    public string SaveFinal(CheckpointData data) => SaveNamed(FinalName, data);

    /// <summary>Saves <c>best.ckpt</c> atomically (replacing the previous best).</summary>
    public string SaveBest(CheckpointData data) => SaveNamed(BestName, data);

    /// <summary>Numbered checkpoints present, oldest (lowest step) first.</summary>
    public IReadOnlyList<(long Step, string Path)> List()
    {
        var result = new List<(long, string)>();
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, NumberedPrefix + "*" + Extension))
        {
            string name = Path.GetFileName(file);
            string digits = name[NumberedPrefix.Length..^Extension.Length];
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit)
                && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
            {
                result.Add((step, file));
            }
        }

        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>Path of the newest numbered checkpoint, or null when there is none.</summary>
    public string? Latest()
    {
        var all = List();
        return all.Count == 0 ? null : all[^1].Path;
    }

    /// <summary>
    /// Loads the newest numbered checkpoint that loads cleanly, skipping (and reporting through <paramref name="skipped"/>)
    /// any that do not. Returns false when none loads.
    /// </summary>
    public bool TryLoadLatest(out string path, out CheckpointData data, IList<string>? skipped = null)
    {
        var all = List();
        for (int i = all.Count - 1; i >= 0; i--)
        {
            try
            {
                data = CheckpointFile.Load(all[i].Path);
                path = all[i].Path;
                return true;
            }
            catch (Exception ex) when (ex is CheckpointFormatException or FileNotFoundException)
            {
                skipped?.Add($"{all[i].Path}: {ex.Message}");
            }
        }

        path = "";
        data = new CheckpointData();
        return false;
    }

    private string SaveNamed(string name, CheckpointData data)
    {
        string path = Path.Combine(Directory, name);
        CheckpointFile.Save(path, data);
        return path;
    }

    private void Prune()
    {
        var all = List();
        for (int i = 0; i < all.Count - KeepLast; i++)
        {
            try
            {
                File.Delete(all[i].Path);
            }
            catch (IOException)
            {
                // Another process may hold it open; it will be pruned next time.
            }
        }
    }
}
