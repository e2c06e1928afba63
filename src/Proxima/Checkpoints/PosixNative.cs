using System.Runtime.InteropServices;

namespace Proxima.Checkpoints;

/// <summary>The few libc calls needed to fsync a directory (which .NET cannot open as a stream on Unix).</summary>
internal static partial class PosixNative
{
    public const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
