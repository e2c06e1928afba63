using System.Text.Json.Serialization;

namespace Proxima.Checkpoints;

/// <summary>The <c>counters</c> object of <c>state.json</c>.</summary>
internal sealed class CheckpointCountersDto
{
    [JsonPropertyName("timesteps")]
    public required long Timesteps { get; init; }

    [JsonPropertyName("updates")]
    public required long Updates { get; init; }

    [JsonPropertyName("episodes")]
    public required long Episodes { get; init; }

    [JsonPropertyName("optimizer_steps")]
    public required long OptimizerSteps { get; init; }
}
