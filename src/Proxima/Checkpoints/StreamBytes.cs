namespace Proxima.Checkpoints;

/// <summary>Reads what is left of a stream into one array, for the formats that parse a whole file held in memory.</summary>
internal static class StreamBytes
{
    /// <summary>
    /// Reads from the current position to the end of <paramref name="stream"/>. A seekable stream is read into an
    /// array of its remaining length, and one longer than any array throws the exception <paramref name="tooLarge"/>
    /// makes of that length; any other stream is copied through a buffer that grows only as real data arrives, so a
    /// lying stream cannot force a large allocation.
    /// </summary>
    public static byte[] ReadToEnd(Stream stream, Func<long, Exception> tooLarge)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            long remaining = Math.Max(0, stream.Length - stream.Position);
            if (remaining > Array.MaxLength)
            {
                throw tooLarge(remaining);
            }

            var bytes = new byte[remaining];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }
}
