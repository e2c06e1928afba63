using Proxima.Cli;
using Proxima.Tests.Cli;
using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class PlotCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string WriteRun(string name, double scale)
    {
        string dir = Path.Combine(_dir.Path, name);
        using var t = new CsvTracker(dir);
        for (int i = 0; i < 30; i++)
        {
            t.LogMetrics(i * 100, new Dictionary<string, double> { ["charts/return"] = scale * Math.Sqrt(i) });
        }

        return dir;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlotsRunsToPng(bool mean)
    {
        string a = WriteRun("seed1", 1), b = WriteRun("seed2", 2);
        string png = Path.Combine(_dir.Path, "out.png");
        string[] args = ["plot", a, Path.Combine(b, "metrics.csv"), "--y", "charts/return", "--out", png];
        var (code, output, error) = Run(mean ? [.. args, "--mean"] : args);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, code);
        Assert.Contains("2 run(s)", output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void UnknownColumnIsAnError()
    {
        string a = WriteRun("seed1", 1);
        var (code, _, error) = Run("plot", a, "--y", "nope", "--out", Path.Combine(_dir.Path, "x.png"));
        Assert.Equal(1, code);
        Assert.Contains("nope", error);
    }
}
