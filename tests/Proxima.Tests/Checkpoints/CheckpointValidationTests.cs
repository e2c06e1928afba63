using Proxima.Checkpoints;
using Proxima.Nn;

namespace Proxima.Tests.Checkpoints;

public class CheckpointValidationTests
{
    [Fact]
    public void Diff_ListsMissingUnexpectedAndShapeMismatches()
    {
        var tensors = new[]
        {
            NamedTensor.FromFloats("a", [2, 3], new float[6]),
            NamedTensor.FromFloats("b", [4], new float[4]),
            NamedTensor.FromFloats("extra", [1], new float[1]),
        };
        var expected = new (string, int[])[] { ("a", [2, 3]), ("b", [5]), ("c", [7]) };
        var problems = CheckpointValidation.Diff(tensors, expected);
        Assert.Equal(3, problems.Count);
        Assert.Contains("shape: 'b' is [4] in the checkpoint, the network expects [5]", problems);
        Assert.Contains("missing: 'c' [7]", problems);
        Assert.Contains(problems, p => p.StartsWith("unexpected: 'extra' [1]", StringComparison.Ordinal));
        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointValidation.ValidatePolicy(tensors, expected));
        Assert.Contains("3 differences", ex.Message);
        Assert.Contains("missing: 'c' [7]", ex.Message);
    }

    [Fact]
    public void Diff_IsEmptyForMatchingTensorsInAnyOrder()
    {
        var tensors = new[] { NamedTensor.FromFloats("b", [1], [1]), NamedTensor.FromFloats("a", [2], [1, 2]) };
        Assert.Empty(CheckpointValidation.Diff(tensors, [("a", [2]), ("b", [1])]));
        CheckpointValidation.ValidatePolicy(tensors, [("a", [2]), ("b", [1])]);
    }

    [Fact]
    public void LoadInto_CopiesValuesOrLeavesParametersUntouchedOnMismatch()
    {
        var set = new ParameterSet([("l.w", new Parameter("w", 2, 2)), ("l.b", new Parameter("b", 2))]);
        CheckpointValidation.LoadInto(set, [NamedTensor.FromFloats("l.b", [2], [5, 6]), NamedTensor.FromFloats("l.w", [2, 2], [1, 2, 3, 4])]);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], set.Values);
        Assert.Throws<CheckpointFormatException>(() =>
            CheckpointValidation.LoadInto(set, [NamedTensor.FromFloats("l.b", [2], [0, 0]), NamedTensor.FromFloats("l.w", [4], [0, 0, 0, 0])]));
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], set.Values);
        Assert.Equal(["l.w", "l.b"], CheckpointValidation.ToTensors(set).Select(t => t.Name));
    }
}
