using Proxima.Optim;

namespace Proxima.Tests.Optim;

public class ScheduleTests
{
    [Fact]
    public void ValuesAtStartMiddleAndEnd()
    {
        AssertValues(new ConstantSchedule(1e-3), 1e-3, 1e-3, 1e-3);
        AssertValues(new LinearSchedule(3e-4), 3e-4, 1.5e-4, 0);
        AssertValues(new LinearSchedule(1.0, 0.5), 1.0, 0.75, 0.5);
        AssertValues(new CosineSchedule(1.0, 0.1), 1.0, 0.55, 0.1);
        Assert.Equal(0.1 + (0.9 * (1 + Math.Sqrt(0.5)) / 2), new CosineSchedule(1.0, 0.1).ValueAt(0.25), 1e-15);
    }

    [Fact]
    public void WarmupRampsToTheInnerValueThenFollowsIt()
    {
        var s = new WarmupSchedule(new LinearSchedule(1.0), 0.1);
        Assert.Equal(0.0, s.ValueAt(0));
        Assert.Equal(0.45, s.ValueAt(0.05), 1e-15);
        Assert.Equal(0.9, s.ValueAt(0.1), 1e-15);
        Assert.Equal(0.5, s.ValueAt(0.5), 1e-15);
        Assert.Equal(0.0, s.ValueAt(1), 1e-15);
        Assert.Equal(0.7, new WarmupSchedule(new ConstantSchedule(0.7), 0).ValueAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupSchedule(new ConstantSchedule(1), 1.0));
    }

    [Fact]
    public void ProgressIsClampedAndNaNRejected()
    {
        var s = new LinearSchedule(2.0);
        Assert.Equal(0.0, s.ValueAt(1.0000001));
        Assert.Equal(2.0, s.ValueAt(-0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.ValueAt(double.NaN));
    }

    [Theory]
    [InlineData("lin_3e-4", 0.0, 3e-4)]
    [InlineData("lin_3e-4", 0.5, 1.5e-4)]
    [InlineData("lin_3e-4", 1.0, 0.0)]
    [InlineData("LIN_3E-4", 0.0, 3e-4)]
    [InlineData("linear_1_0.5", 1.0, 0.5)]
    [InlineData("1e-3", 0.7, 1e-3)]
    [InlineData(" constant_1e-3 ", 0.2, 1e-3)]
    [InlineData("cosine_3e-4", 0.0, 3e-4)]
    [InlineData("cosine_3e-4", 1.0, 3e-5)]
    [InlineData("cosine_3e-4_1e-5", 1.0, 1e-5)]
    [InlineData("warmup_0.05_lin_3e-4", 0.0, 0.0)]
    [InlineData("warmup_0.05_lin_3e-4", 0.025, 0.5 * 3e-4 * 0.95)]
    [InlineData("warmup_0.05_lin_3e-4", 0.5, 1.5e-4)]
    [InlineData("warmup_0.1_cosine_1_0", 0.5, 0.5)]
    public void ParserAcceptsTheDocumentedForms(string text, double progress, double expected)
    {
        var s = Schedules.Parse(text);
        Assert.Equal(expected, s.ValueAt(progress), 1e-15);

        // ToString is the canonical config form and parses back to the same schedule.
        var again = Schedules.Parse(s.ToString()!);
        foreach (double p in (double[])[0, 0.03, 0.5, 1])
        {
            Assert.Equal(s.ValueAt(p), again.ValueAt(p));
        }
    }

    [Fact]
    public void ParserBuildsTheExpectedTypes()
    {
        Assert.IsType<LinearSchedule>(Schedules.Parse("lin_3e-4"));
        Assert.IsType<ConstantSchedule>(Schedules.Parse("3e-4"));
        var warm = Assert.IsType<WarmupSchedule>(Schedules.Parse("warmup_0.05_cosine_3e-4"));
        Assert.Equal(0.05, warm.WarmupFraction);
        var cos = Assert.IsType<CosineSchedule>(warm.Inner);
        Assert.Equal(3e-5, cos.Floor, 1e-20);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lin")]
    [InlineData("lin_abc")]
    [InlineData("lin_1_2_3")]
    [InlineData("exp_3e-4")]
    [InlineData("cosine_1_2_3")]
    [InlineData("constant_nan")]
    [InlineData("lin_inf")]
    [InlineData("warmup_0.1")]
    [InlineData("warmup_1.5_lin_1")]
    [InlineData("warmup_0.1_bogus_1")]
    [InlineData("3e-4,")]
    public void ParserRejectsOtherStringsListingTheAcceptedForms(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Schedules.Parse(text));
        Assert.Contains("Accepted forms", ex.Message);
        Assert.Contains("lin_3e-4", ex.Message);
        Assert.Contains("warmup_0.05_<schedule>", ex.Message);
    }

    private static void AssertValues(ILearningRateSchedule s, double at0, double atHalf, double at1)
    {
        Assert.Equal(at0, s.ValueAt(0), 1e-15);
        Assert.Equal(atHalf, s.ValueAt(0.5), 1e-15);
        Assert.Equal(at1, s.ValueAt(1), 1e-15);
    }
}
