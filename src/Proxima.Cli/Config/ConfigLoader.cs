using System.Globalization;
using Proxima.Distributions;
using Proxima.Nn;
using Proxima.Optim;
using Proxima.Training;
using YamlDotNet.RepresentationModel;

namespace Proxima.Cli.Config;

/// <summary>Raised for a configuration problem; the message says which key, what was wrong and what is allowed.</summary>
public sealed class ConfigException(string message) : Exception(message);

/// <summary>
/// Reads YAML run configurations. Keys follow rl-baselines3-zoo's <c>ppo.yml</c> (so a zoo entry can be pasted in,
/// including its <c>policy_kwargs</c> string), plus Proxima's own (<c>policy:</c> mapping, evaluation, stopping).
/// Every key is checked: unknown keys and bad values are errors, never silently ignored.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] PolicyKeys =
        ["pi_layers", "vf_layers", "net_arch", "activation", "activation_fn", "share_trunk", "ortho_init", "distribution", "log_std_init", "full_std", "state_dependent_std",
            "recurrent", "lstm_hidden_size", "n_lstm_layers", "enable_critic_lstm", "shared_lstm", "key_encoder_layers", "parallel_critic"];

    private static readonly string[] RecurrentPolicyNames = ["MlpLstmPolicy", "MultiInputLstmPolicy"];

    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["env_id"] = "registered environment id",
        ["n_timesteps"] = "total environment steps",
        ["seed"] = "run seed (non-negative integer)",
        ["n_envs"] = "parallel environments",
        ["n_steps"] = "steps per environment per rollout",
        ["batch_size"] = "minibatch size",
        ["n_epochs"] = "epochs per update",
        ["gamma"] = "discount factor",
        ["gae_lambda"] = "GAE lambda",
        ["learning_rate"] = "number or schedule (lin_3e-4, cosine_3e-4, warmup_0.05_lin_3e-4)",
        ["clip_range"] = "number or schedule",
        ["clip_range_vf"] = "number or null",
        ["ent_coef"] = "entropy coefficient",
        ["vf_coef"] = "value loss coefficient",
        ["max_grad_norm"] = "gradient norm bound",
        ["target_kl"] = "number or null",
        ["normalize_advantage"] = "true/false",
        ["adaptive_kl"] = "true/false",
        ["kl_coef_init"] = "initial KL penalty coefficient",
        ["kl_target"] = "KL target of the adaptive penalty",
        ["optimizer"] = "adam or adamw",
        ["adam_epsilon"] = "Adam epsilon",
        ["weight_decay"] = "weight decay",
        ["use_sde"] = "true/false (gSDE exploration)",
        ["sde_sample_freq"] = "-1 or a positive step count",
        ["normalize"] = "true/false or dict(norm_obs=..., norm_reward=...)",
        ["clip_obs"] = "bound of normalized observations",
        ["clip_reward"] = "bound of normalized rewards",
        ["policy"] = "MlpPolicy / MultiInputPolicy / MlpLstmPolicy / MultiInputLstmPolicy, or a mapping of policy settings",
        ["bptt_length"] = "truncated-BPTT chunk length of recurrent policies (steps)",
        ["policy_kwargs"] = "zoo-style dict(...) string or a mapping",
        ["env_kwargs"] = "mapping of environment options",
        ["eval_freq"] = "evaluate every N environment steps (0 = at the end only)",
        ["eval_episodes"] = "episodes per evaluation",
        ["stop_reward"] = "stop when the mean evaluation return reaches this",
        ["stop_window"] = "consecutive evaluations above stop_reward needed",
        ["checkpoint_freq"] = "save a numbered checkpoint every N environment steps (0 = final and best only)",
        ["keep_checkpoints"] = "numbered checkpoints kept",
    };

    /// <summary>Names of the built-in configs (environment ids with a tuned file in configs/).</summary>
    public static IReadOnlyList<string> BuiltInConfigs =>
        typeof(ConfigLoader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("configs/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => n["configs/".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text of the built-in config for <paramref name="envId"/>, or null when there is none.</summary>
    public static string? BuiltInConfigText(string envId)
    {
        using var stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream($"configs/{envId}.yaml");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses YAML text into flat settings (a nested <c>policy:</c> mapping becomes <c>policy.KEY</c>).</summary>
    public static Dictionary<string, object?> ParseYaml(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"{source}: not valid YAML ({e.Start}): {e.Message}");
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
        {
            return result;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException($"{source}: the top level must be a mapping of keys to values.");
        }

        // A zoo file has one entry per environment; accept it when it holds exactly one.
        if (root.Children.Count == 1 && root.Children.First().Value is YamlMappingNode inner
            && !Keys.ContainsKey(((YamlScalarNode)root.Children.First().Key).Value ?? ""))
        {
            result["env_id"] = ((YamlScalarNode)root.Children.First().Key).Value;
            root = inner;
        }

        foreach (var (k, v) in root.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            if (key == "policy" && v is YamlMappingNode policyMap)
            {
                foreach (var (pk, pv) in policyMap.Children)
                {
                    result["policy." + ((YamlScalarNode)pk).Value] = ToPlain(pv);
                }
            }
            else
            {
                result[key] = ToPlain(v);
            }
        }

        return result;
    }

    /// <summary>Applies a <c>key=value</c> override (the value is read as YAML, e.g. <c>n_envs=4</c>, <c>policy.pi_layers=[128,128]</c>).</summary>
    public static void ApplyOverride(Dictionary<string, object?> settings, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0)
        {
            throw new ConfigException($"--set '{assignment}' is not of the form key=value (for example --set n_envs=4).");
        }

        string key = assignment[..eq].Trim();
        var parsed = ParseYaml($"v: {assignment[(eq + 1)..]}", $"--set {key}");
        settings[key] = parsed.GetValueOrDefault("v");
    }

    /// <summary>Builds a validated run configuration from flat settings.</summary>
    public static RunConfig Build(IReadOnlyDictionary<string, object?> settings)
    {
        var ppo = new PpoConfig();
        var policy = ppo.Policy;
        string? envId = null;
        long timesteps = 100_000;
        long evalFreq = 0;
        int evalEpisodes = 10;
        double? stopReward = null;
        int stopWindow = 1;
        long checkpointFreq = 0;
        int keepCheckpoints = 3;
        var envOptions = new Dictionary<string, object>(StringComparer.Ordinal);
        var errors = new List<string>();

        foreach (var (key, value) in settings)
        {
            try
            {
                if (key.StartsWith("policy.", StringComparison.Ordinal))
                {
                    policy = ApplyPolicyKey(policy, key["policy.".Length..], value, key);
                    continue;
                }

                switch (key)
                {
                    case "env_id": envId = Str(key, value); break;
                    case "n_timesteps": timesteps = Long(key, value, 1); break;
                    case "seed": ppo = ppo with { Seed = (ulong)Long(key, value, 0) }; break;
                    case "n_envs": ppo = ppo with { NumEnvs = (int)Long(key, value, 1) }; break;
                    case "n_steps": ppo = ppo with { NSteps = (int)Long(key, value, 1) }; break;
                    case "bptt_length": ppo = ppo with { BpttLength = (int)Long(key, value, 1) }; break;
                    case "batch_size": ppo = ppo with { BatchSize = (int)Long(key, value, 1) }; break;
                    case "n_epochs": ppo = ppo with { NEpochs = (int)Long(key, value, 1) }; break;
                    case "gamma": ppo = ppo with { Gamma = Double(key, value) }; break;
                    case "gae_lambda": ppo = ppo with { GaeLambda = Double(key, value) }; break;
                    case "learning_rate": ppo = ppo with { LearningRate = Schedule(key, value) }; break;
                    case "clip_range": ppo = ppo with { ClipRange = Schedule(key, value) }; break;
                    case "clip_range_vf": ppo = ppo with { ClipRangeVf = value is null ? null : Double(key, value) }; break;
                    case "ent_coef": ppo = ppo with { EntCoef = Double(key, value) }; break;
                    case "vf_coef": ppo = ppo with { VfCoef = Double(key, value) }; break;
                    case "max_grad_norm": ppo = ppo with { MaxGradNorm = Double(key, value) }; break;
                    case "target_kl": ppo = ppo with { TargetKl = value is null ? null : Double(key, value) }; break;
                    case "normalize_advantage": ppo = ppo with { NormalizeAdvantage = Bool(key, value) }; break;
                    case "adaptive_kl": ppo = ppo with { AdaptiveKl = Bool(key, value) }; break;
                    case "kl_coef_init": ppo = ppo with { KlCoefInit = Double(key, value) }; break;
                    case "kl_target": ppo = ppo with { KlTarget = Double(key, value) }; break;
                    case "optimizer":
                        ppo = ppo with
                        {
                            Optimizer = Str(key, value).ToLowerInvariant() switch
                            {
                                "adam" => OptimizerKind.Adam,
                                "adamw" => OptimizerKind.AdamW,
                                var other => throw new ConfigException($"optimizer = '{other}' is invalid: use adam or adamw."),
                            },
                        };
                        break;
                    case "adam_epsilon": ppo = ppo with { AdamEpsilon = Double(key, value) }; break;
                    case "weight_decay": ppo = ppo with { WeightDecay = Double(key, value) }; break;
                    case "use_sde":
                        if (Bool(key, value))
                        {
                            policy = policy with { Continuous = ContinuousDistribution.Gsde };
                        }

                        break;
                    case "sde_sample_freq": ppo = ppo with { SdeSampleFreq = (int)Long(key, value, -1) }; break;
                    case "normalize": ppo = ApplyNormalize(ppo, value); break;
                    case "clip_obs": ppo = ppo with { ClipObservation = Double(key, value) }; break;
                    case "clip_reward": ppo = ppo with { ClipReward = Double(key, value) }; break;
                    case "policy":
                        if (value is string recurrentName && RecurrentPolicyNames.Contains(recurrentName))
                        {
                            policy = policy with { Recurrent = policy.Recurrent ?? new Policies.RecurrentConfig() };
                        }
                        else if (value is not ("MlpPolicy" or "MultiInputPolicy"))
                        {
                            throw new ConfigException($"policy = '{value}' is invalid: use MlpPolicy or MultiInputPolicy (Dict observations), MlpLstmPolicy or MultiInputLstmPolicy (recurrent), or a mapping of policy settings ({string.Join(", ", PolicyKeys)}).");
                        }

                        break;
                    case "policy_kwargs":
                        var kwargs = value is string s ? PythonLiteral.Parse(s) : value;
                        if (kwargs is not IDictionary<string, object?> map)
                        {
                            throw new ConfigException("policy_kwargs must be a mapping or a dict(...) string, e.g. \"dict(log_std_init=-2, ortho_init=False)\".");
                        }

                        foreach (var (pk, pv) in map)
                        {
                            policy = ApplyPolicyKey(policy, pk, pv, "policy_kwargs." + pk);
                        }

                        break;
                    case "env_kwargs":
                        var envMap = value is string es ? PythonLiteral.Parse(es) : value;
                        if (envMap is not IDictionary<string, object?> em)
                        {
                            throw new ConfigException("env_kwargs must be a mapping of option names to values.");
                        }

                        foreach (var (ek, ev) in em)
                        {
                            envOptions[ek] = ev ?? throw new ConfigException($"env_kwargs.{ek} must not be null.");
                        }

                        break;
                    case "eval_freq": evalFreq = Long(key, value, 0); break;
                    case "eval_episodes": evalEpisodes = (int)Long(key, value, 1); break;
                    case "stop_reward": stopReward = value is null ? null : Double(key, value); break;
                    case "stop_window": stopWindow = (int)Long(key, value, 1); break;
                    case "checkpoint_freq": checkpointFreq = Long(key, value, 0); break;
                    case "keep_checkpoints": keepCheckpoints = (int)Long(key, value, 1); break;
                    default:
                        throw new ConfigException($"Unknown key '{key}'{Suggest(key)}. Known keys: {string.Join(", ", Keys.Keys.Order(StringComparer.Ordinal))}, policy.<{string.Join("|", PolicyKeys)}>.");
                }
            }
            catch (ConfigException e)
            {
                errors.Add(e.Message);
            }
        }

        if (envId is null)
        {
            errors.Add("env_id is missing: name the environment (for example proxima train CartPole-v1, or env_id: CartPole-v1 in the config).");
        }
        else if (!Envs.Registry.EnvRegistry.IsRegistered(envId))
        {
            string? closest = Envs.Registry.EnvRegistry.ClosestId(envId);
            errors.Add($"env_id = '{envId}' is not a registered environment{(closest is null ? "" : $" (did you mean '{closest}'?)")}; `proxima env list` shows them.");
        }

        // policy.recurrent: none wins over recurrent settings given anywhere else (e.g. a zoo policy_kwargs string).
        if (settings.GetValueOrDefault("policy.recurrent") is "none" or "false")
        {
            policy = policy with { Recurrent = null };
        }

        if (settings.GetValueOrDefault("policy") is "MlpPolicy" or "MultiInputPolicy" && policy.Recurrent is not null && !settings.ContainsKey("policy.recurrent"))
        {
            errors.Add($"policy = {settings["policy"]} is feed-forward but recurrent settings (lstm_hidden_size, n_lstm_layers, enable_critic_lstm, shared_lstm) were given: " +
                "use MlpLstmPolicy / MultiInputLstmPolicy, or set policy.recurrent: none to drop them.");
        }

        ppo = ppo with { Policy = policy };
        errors.AddRange(ppo.Problems());
        if (errors.Count > 0)
        {
            throw new ConfigException("Invalid configuration:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors));
        }

        return new RunConfig
        {
            EnvId = envId!,
            TotalTimesteps = timesteps,
            Ppo = ppo,
            EnvOptions = envOptions,
            EvalFreq = evalFreq,
            EvalEpisodes = evalEpisodes,
            StopReward = stopReward,
            StopWindow = stopWindow,
            CheckpointFreq = checkpointFreq,
            KeepCheckpoints = keepCheckpoints,
            Resolved = new SortedDictionary<string, object?>(settings.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
        };
    }

    private static Policies.PolicyConfig ApplyPolicyKey(Policies.PolicyConfig policy, string key, object? value, string fullKey)
    {
        switch (key)
        {
            case "pi_layers": return policy with { PiLayers = IntList(fullKey, value) };
            case "vf_layers": return policy with { VfLayers = IntList(fullKey, value) };
            case "net_arch":
                // SB3: a list means the same sizes for both trunks; dict(pi=[..], vf=[..]) sets them separately.
                if (value is IDictionary<string, object?> arch)
                {
                    return policy with
                    {
                        PiLayers = arch.TryGetValue("pi", out var pi) ? IntList(fullKey + ".pi", pi) : policy.PiLayers,
                        VfLayers = arch.TryGetValue("vf", out var vf) ? IntList(fullKey + ".vf", vf) : policy.VfLayers,
                    };
                }

                var layers = IntList(fullKey, value);
                return policy with { PiLayers = layers, VfLayers = layers };
            case "activation":
            case "activation_fn":
                string name = Str(fullKey, value);
                name = name.StartsWith("nn.", StringComparison.Ordinal) ? name[3..] : name;
                return policy with
                {
                    Activation = name.ToLowerInvariant() switch
                    {
                        "tanh" => Activation.Tanh,
                        "relu" => Activation.ReLU,
                        "elu" => Activation.Elu,
                        "silu" => Activation.Silu,
                        _ => throw new ConfigException($"{fullKey} = '{name}' is invalid: use tanh, relu, elu or silu."),
                    },
                };
            case "share_trunk": return policy with { ShareTrunk = Bool(fullKey, value) };
            case "ortho_init": return policy with { OrthoInit = Bool(fullKey, value) };
            case "log_std_init": return policy with { LogStdInit = Double(fullKey, value) };
            case "full_std": return policy with { FullStd = Bool(fullKey, value) };
            case "state_dependent_std": return policy with { StateDependentStd = Bool(fullKey, value) };
            case "recurrent":
                return Str(fullKey, value).ToLowerInvariant() switch
                {
                    "none" or "false" => policy with { Recurrent = null },
                    "lstm" => policy with { Recurrent = (policy.Recurrent ?? new Policies.RecurrentConfig()) with { Cell = Policies.RecurrentCell.Lstm } },
                    "gru" => policy with { Recurrent = (policy.Recurrent ?? new Policies.RecurrentConfig()) with { Cell = Policies.RecurrentCell.Gru } },
                    var other => throw new ConfigException($"{fullKey} = '{other}' is invalid: use lstm, gru or none."),
                };
            case "lstm_hidden_size":
                return policy with { Recurrent = Recurrent(policy) with { HiddenSize = (int)Long(fullKey, value, 1) } };
            case "n_lstm_layers":
                return policy with { Recurrent = Recurrent(policy) with { NumLayers = (int)Long(fullKey, value, 1) } };
            case "key_encoder_layers":
                return policy with { Recurrent = Recurrent(policy) with { KeyEncoderLayers = value is IEnumerable<object?> { } list && !list.Any() ? [] : IntList(fullKey, value) } };
            case "parallel_critic":
                return policy with { Recurrent = Recurrent(policy) with { ParallelCritic = Bool(fullKey, value) } };
            case "shared_lstm":
                return policy with { Recurrent = WithSharedLstm(Recurrent(policy), Bool(fullKey, value)) };
            case "enable_critic_lstm":
                return policy with { Recurrent = WithCriticLstm(Recurrent(policy), Bool(fullKey, value)) };
            case "distribution":
                return policy with
                {
                    Continuous = Str(fullKey, value).ToLowerInvariant() switch
                    {
                        "gaussian" => ContinuousDistribution.Gaussian,
                        "gsde" => ContinuousDistribution.Gsde,
                        "beta" => ContinuousDistribution.Beta,
                        var other => throw new ConfigException($"{fullKey} = '{other}' is invalid: use gaussian, gsde or beta."),
                    },
                };
            default:
                throw new ConfigException($"Unknown policy setting '{fullKey}'. Known: {string.Join(", ", PolicyKeys)}.");
        }
    }

    private static Policies.RecurrentConfig Recurrent(Policies.PolicyConfig policy) => policy.Recurrent ?? new Policies.RecurrentConfig();

    private static Policies.RecurrentConfig WithSharedLstm(Policies.RecurrentConfig rc, bool shared) => rc with
    {
        Critic = shared ? Policies.CriticMemory.Shared : rc.Critic == Policies.CriticMemory.Shared ? Policies.CriticMemory.Separate : rc.Critic,
    };

    // sb3-contrib: shared_lstm and enable_critic_lstm are exclusive; a shared core wins.
    private static Policies.RecurrentConfig WithCriticLstm(Policies.RecurrentConfig rc, bool enable) => rc with
    {
        Critic = rc.Critic == Policies.CriticMemory.Shared ? rc.Critic : enable ? Policies.CriticMemory.Separate : Policies.CriticMemory.None,
    };

    private static PpoConfig ApplyNormalize(PpoConfig ppo, object? value)
    {
        var parsed = value is string s && s.Contains('(') ? PythonLiteral.Parse(s) : value;
        if (parsed is IDictionary<string, object?> map)
        {
            foreach (var k in map.Keys)
            {
                if (k is not ("norm_obs" or "norm_reward" or "gamma" or "clip_obs" or "clip_reward"))
                {
                    throw new ConfigException($"normalize.{k} is not supported: use norm_obs, norm_reward, clip_obs, clip_reward.");
                }
            }

            return ppo with
            {
                NormalizeObservation = !map.TryGetValue("norm_obs", out var o) || Bool("normalize.norm_obs", o),
                NormalizeReward = !map.TryGetValue("norm_reward", out var r) || Bool("normalize.norm_reward", r),
                ClipObservation = map.TryGetValue("clip_obs", out var co) ? Double("normalize.clip_obs", co) : ppo.ClipObservation,
                ClipReward = map.TryGetValue("clip_reward", out var cr) ? Double("normalize.clip_reward", cr) : ppo.ClipReward,
            };
        }

        bool on = Bool("normalize", parsed);
        return ppo with { NormalizeObservation = on, NormalizeReward = on };
    }

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode s when s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is "null" or "~" or "None" or "" => null,
        YamlScalarNode s => s.Value,
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ToPlain(kv.Value), StringComparer.Ordinal),
        _ => throw new ConfigException($"Unsupported YAML node at {node.Start}."),
    };

    private static string Str(string key, object? value) =>
        value as string ?? throw new ConfigException($"{key} must be a string, got {Show(value)}.");

    private static double Double(string key, object? value) => value switch
    {
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) => d,
        _ => throw new ConfigException($"{key} must be a number, got {Show(value)}."),
    };

    private static long Long(string key, object? value, long min)
    {
        double d = Double(key, value);
        if (d != Math.Floor(d) || d < min || d > long.MaxValue)
        {
            throw new ConfigException($"{key} must be a whole number >= {min}, got {Show(value)}.");
        }

        return (long)d;
    }

    private static bool Bool(string key, object? value) => value switch
    {
        bool b => b,
        string s when s is "true" or "True" or "TRUE" or "yes" => true,
        string s when s is "false" or "False" or "FALSE" or "no" => false,
        _ => throw new ConfigException($"{key} must be true or false, got {Show(value)}."),
    };

    private static IReadOnlyList<int> IntList(string key, object? value)
    {
        if (value is IEnumerable<object?> items)
        {
            return items.Select(i => (int)Long(key, i, 1)).ToList();
        }

        throw new ConfigException($"{key} must be a list of layer sizes such as [64, 64], got {Show(value)}.");
    }

    private static ILearningRateSchedule Schedule(string key, object? value)
    {
        if (value is double d)
        {
            return new ConstantSchedule(d);
        }

        string text = Str(key, value);
        try
        {
            return Schedules.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException($"{key} = '{text}' is invalid: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{key} = '{text}' is invalid: {e.Message}");
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    private static string Suggest(string key)
    {
        var best = Keys.Keys.Select(k => (k, d: Levenshtein(k, key))).OrderBy(x => x.d).First();
        return best.d <= Math.Max(2, key.Length / 3) ? $" (did you mean '{best.k}'?)" : "";
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
