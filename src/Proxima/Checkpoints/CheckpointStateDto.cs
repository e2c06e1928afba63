using System.Text.Json.Serialization;

namespace Proxima.Checkpoints;

/// <summary>The schema of <c>state.json</c>: explicit, closed DTOs (no polymorphism, no type names in the data).</summary>
internal sealed class CheckpointStateDto
{
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    [JsonPropertyName("format_version")]
    public required int FormatVersion { get; init; }

    [JsonPropertyName("proxima_version")]
    public required string ProximaVersion { get; init; }

    [JsonPropertyName("created_utc")]
    public required DateTimeOffset CreatedUtc { get; init; }

    [JsonPropertyName("env_id")]
    public required string EnvId { get; init; }

    [JsonPropertyName("observation_space")]
    public required string ObservationSpace { get; init; }

    [JsonPropertyName("action_space")]
    public required string ActionSpace { get; init; }

    [JsonPropertyName("counters")]
    public required CheckpointCountersDto Counters { get; init; }

    [JsonPropertyName("schedule_progress")]
    public required double ScheduleProgress { get; init; }

    [JsonPropertyName("rng")]
    public required Dictionary<string, ulong[]> Rng { get; init; }

    [JsonPropertyName("normalizers")]
    public required Dictionary<string, double[]> Normalizers { get; init; }

    [JsonPropertyName("state")]
    public Dictionary<string, double[]> State { get; init; } = [];

    [JsonPropertyName("episode_window")]
    public required EpisodeWindowDto EpisodeWindow { get; init; }

    [JsonPropertyName("metadata")]
    public required Dictionary<string, string> Metadata { get; init; }
}
