using System.Text;
using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("abc", 0x364B3FB7u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void MatchesPublishedCheckValues(string input, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void Rfc3720VectorsOf32Bytes()
    {
        // iSCSI (RFC 3720, B.4) test vectors.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void AppendContinuesAChecksum()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, 4)), data.AsSpan(4)));
    }

    [Fact]
    public void MaskFollowsTensorFlowFormulaAndUnmasks()
    {
        uint crc = 0xE3069283u;
        uint expected = unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
        Assert.Equal(expected, Crc32C.Mask(crc));
        Assert.NotEqual(crc, Crc32C.Mask(crc));
        foreach (uint c in new[] { 0u, 1u, 0xFFFFFFFFu, 0x12345678u, crc })
        {
            Assert.Equal(c, Crc32C.Unmask(Crc32C.Mask(c)));
        }
    }
}
