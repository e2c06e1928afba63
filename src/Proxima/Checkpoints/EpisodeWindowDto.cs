using System.Text.Json.Serialization;

namespace Proxima.Checkpoints;

/// <summary>The <c>episode_window</c> object of <c>state.json</c>.</summary>
internal sealed class EpisodeWindowDto
{
    [JsonPropertyName("returns")]
    public required double[] Returns { get; init; }

    [JsonPropertyName("lengths")]
    public required long[] Lengths { get; init; }
}
