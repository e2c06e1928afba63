using System.Text;
using Proxima.Checkpoints;

namespace Proxima.Tests.Checkpoints;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_MatchesKnownValues(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Append_EqualsOneShot()
    {
        var bytes = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Append(Crc32.Compute(bytes.AsSpan(0, 4)), bytes.AsSpan(4)));
    }
}
