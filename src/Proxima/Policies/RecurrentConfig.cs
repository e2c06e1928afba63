namespace Proxima.Policies;

/// <summary>Recurrent cell of a <see cref="RecurrentActorCriticPolicy"/>.</summary>
public enum RecurrentCell
{
    /// <summary>Long short-term memory (state: h and c per layer).</summary>
    Lstm,

    /// <summary>Gated recurrent unit (state: h per layer).</summary>
    Gru,
}

/// <summary>How the critic of a recurrent policy gets its memory (sb3-contrib's <c>shared_lstm</c> / <c>enable_critic_lstm</c>).</summary>
public enum CriticMemory
{
    /// <summary>The critic has its own recurrent core (sb3-contrib's default: <c>enable_critic_lstm=True</c>).</summary>
    Separate,

    /// <summary>The critic reads the actor's recurrent output (<c>shared_lstm=True</c>); as in sb3-contrib the value loss does not train the shared core (the critic input is detached).</summary>
    Shared,

    /// <summary>The critic is feed-forward on the encoded observation (<c>enable_critic_lstm=False</c>).</summary>
    None,
}

/// <summary>
/// The recurrent core of a policy: a <see cref="RecurrentCell"/> stack between the observation encoder and the
/// actor/critic MLP heads (<see cref="PolicyConfig.PiLayers"/>, <see cref="PolicyConfig.VfLayers"/>). Defaults follow
/// the rl-zoo's tuned <c>MlpLstmPolicy</c> settings (hidden 64, one layer, separate critic LSTM).
/// </summary>
public sealed record RecurrentConfig
{
    /// <summary>LSTM or GRU.</summary>
    public RecurrentCell Cell { get; init; } = RecurrentCell.Lstm;

    /// <summary>Hidden units per layer (<c>lstm_hidden_size</c>).</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Stacked layers (<c>n_lstm_layers</c>).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Where the critic's memory comes from.</summary>
    public CriticMemory Critic { get; init; } = CriticMemory.Separate;

    /// <summary>Hidden sizes of the MLP that encodes each key of a Dict observation before concatenation; empty passes keys through.</summary>
    public IReadOnlyList<int> KeyEncoderLayers { get; init; } = [64];

    /// <summary>
    /// Run the critic's own core on a second thread during learning (<see cref="RecurrentActorCriticPolicy.ParallelCritic"/>);
    /// an execution setting only: results are bit-identical either way.
    /// </summary>
    public bool ParallelCritic { get; init; } = true;

    /// <summary>Every problem with the settings.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (HiddenSize < 1)
        {
            problems.Add($"policy.lstm_hidden_size = {HiddenSize} is invalid: must be at least 1.");
        }

        if (NumLayers < 1)
        {
            problems.Add($"policy.n_lstm_layers = {NumLayers} is invalid: must be at least 1.");
        }

        if (KeyEncoderLayers.Any(s => s < 1))
        {
            problems.Add($"policy.key_encoder_layers = [{string.Join(", ", KeyEncoderLayers)}] is invalid: every size must be >= 1.");
        }

        return problems;
    }
}
