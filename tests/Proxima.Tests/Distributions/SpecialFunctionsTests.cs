using Proxima.Distributions;

namespace Proxima.Tests.Distributions;

public class SpecialFunctionsTests
{
    private const double EulerGamma = 0.57721566490153286;

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.57236494292470008)] // ln √π
    [InlineData(10.0, 12.801827480081469)] // ln 9!
    [InlineData(3.5, 1.2009736023470743)] // ln(15√π/8)
    [InlineData(100.0, 359.13420536957540)]
    [InlineData(1e-3, 6.9071788853838536)]
    [InlineData(7.25, 7.0521854507385394)]
    public void LogGammaMatchesKnownValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12 * Math.Max(1, Math.Abs(expected)));

    [Theory]
    [InlineData(1.0, -EulerGamma)]
    [InlineData(0.5, -EulerGamma - 1.3862943611198906)] // −γ − 2 ln 2
    [InlineData(2.0, 1 - EulerGamma)]
    [InlineData(0.25, -4.2274535333762654)] // −γ − π/2 − 3 ln 2
    [InlineData(10.0, 2.2517525890667211)]
    [InlineData(100.0, 4.6001618527380874)]
    public void DigammaMatchesKnownValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Digamma(x), 1e-12);

    [Theory]
    [InlineData(1.0, 1.6449340668482264)] // π²/6
    [InlineData(0.5, 4.9348022005446793)] // π²/2
    [InlineData(2.0, 0.64493406684822644)] // π²/6 − 1
    [InlineData(0.25, 17.197329154507111)] // π² + 8G
    [InlineData(50.0, 0.020201333226697125)]
    public void TrigammaMatchesKnownValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Trigamma(x), 1e-11 * Math.Max(1, expected));

    [Fact]
    public void RecurrencesAndDerivativesAreConsistent()
    {
        for (double x = 0.05; x < 30; x *= 1.37)
        {
            Assert.Equal(SpecialFunctions.LogGamma(x) + Math.Log(x), SpecialFunctions.LogGamma(x + 1), 1e-12 * Math.Max(1, x));
            Assert.Equal(SpecialFunctions.Digamma(x) + (1 / x), SpecialFunctions.Digamma(x + 1), 1e-11);
            Assert.Equal(SpecialFunctions.Trigamma(x) - (1 / (x * x)), SpecialFunctions.Trigamma(x + 1), 1e-10);
            double h = 1e-5 * x;
            double dLogGamma = (SpecialFunctions.LogGamma(x + h) - SpecialFunctions.LogGamma(x - h)) / (2 * h);
            Assert.Equal(SpecialFunctions.Digamma(x), dLogGamma, 1e-6 * Math.Max(1, Math.Abs(dLogGamma)));
            double dDigamma = (SpecialFunctions.Digamma(x + h) - SpecialFunctions.Digamma(x - h)) / (2 * h);
            Assert.Equal(SpecialFunctions.Trigamma(x), dDigamma, 1e-5 * Math.Max(1, dDigamma));
        }

        Assert.True(double.IsNaN(SpecialFunctions.LogGamma(0)));
        Assert.True(double.IsNaN(SpecialFunctions.Digamma(-1)));
        Assert.Equal(-Math.Log(12), SpecialFunctions.LogBeta(2, 3), 1e-13);
    }

    [Fact]
    public void LogisticHelpersAreStable()
    {
        Assert.Equal(0.5, SpecialFunctions.Sigmoid(0));
        Assert.Equal(1 / (1 + Math.Exp(-2.5)), SpecialFunctions.Sigmoid(2.5), 1e-15);
        Assert.Equal(1 / (1 + Math.Exp(3)), SpecialFunctions.Sigmoid(-3), 1e-15);
        Assert.Equal(1.0, SpecialFunctions.Sigmoid(800));
        Assert.Equal(0.0, SpecialFunctions.Sigmoid(-800));
        Assert.Equal(Math.Log(2), SpecialFunctions.Softplus(0), 1e-15);
        Assert.Equal(800.0, SpecialFunctions.Softplus(800));
        Assert.Equal(Math.Exp(-50), SpecialFunctions.Softplus(-50), 1e-30);
        Assert.Equal(Math.Log(1 + Math.Exp(1.5)), SpecialFunctions.Softplus(1.5), 1e-14);
        Assert.Equal(1e-10 - 5e-21, SpecialFunctions.Log1P(1e-10), 1e-25);
        Assert.Equal(Math.Log(3), SpecialFunctions.Log1P(2), 1e-15);
    }
}
