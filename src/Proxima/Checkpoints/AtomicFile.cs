namespace Proxima.Checkpoints;

/// <summary>
/// Replaces a file atomically: the content is written to a temporary file in the same directory, flushed to the
/// disk (<c>fsync</c>), renamed over the target, and the directory is synced where the platform allows. A reader
/// (or a process restarted after a crash or power loss) sees either the complete old file or the complete new one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Prefix of temporary files; they never match checkpoint names and are safe to delete when stale.</summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>Writes <paramref name="path"/> atomically with the bytes <paramref name="write"/> produces.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $"{TempPrefix}{Path.GetFileName(full)}.{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SyncDirectory(directory);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Deletes leftover temporary files in <paramref name="directory"/> (from writers that were killed).</summary>
    public static int DeleteStaleTemporaryFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        int count = 0;
        foreach (string file in Directory.EnumerateFiles(directory, TempPrefix + "*"))
        {
            if (TryDelete(file))
            {
                count++;
            }
        }

        return count;
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Makes the rename durable by syncing the directory entry (POSIX only; Windows has no equivalent).</summary>
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            int fd = PosixNative.Open(directory, PosixNative.ReadOnly);
            if (fd >= 0)
            {
                _ = PosixNative.Fsync(fd);
                _ = PosixNative.Close(fd);
            }
        }
        catch (DllNotFoundException)
        {
            // Best effort: the file itself is already durable.
        }
        catch (EntryPointNotFoundException)
        {
        }
    }
}
