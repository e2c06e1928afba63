using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Proxima.Checkpoints;
using Proxima.Cli;
using Proxima.Cli.Plotting;
using Proxima.Envs.Registry;
using Proxima.Tests.Envs.Vector;
using Proxima.Tests.Tracking;

namespace Proxima.Tests.Cli;

/// <summary>The train → eval → plot → resume workflow of the command line, end to end and in process.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private static readonly string[] Tiny =
        ["--total-timesteps", "1024", "--set", "eval_freq=512", "--set", "eval_episodes=2", "--set", "learning_rate=0.001", "--set", "clip_range=0.2"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string RunDir(string name) => Path.Combine(_dir.Path, name);

    [Fact]
    public void TrainWritesEveryOutputAndEvalAndPlotReadThem()
    {
        string run = RunDir("a");
        var (code, output, error) = Run(["train", "CartPole-v1", "--seed", "1", "--run-dir", run, .. Tiny]);
        Assert.True(code == 0, error);
        foreach (string file in new[] { "config.yaml", "final.ckpt", "best.ckpt", "metrics.csv", "learning-curve.png" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing; output:\n{output}");
        }

        // metrics.csv: one row per update (1024 steps / 256 per rollout), with every metric.
        var table = MetricsCsv.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal(4, table.RowCount);
        Assert.Equal([256.0, 512, 768, 1024], table["step"]);
        foreach (string column in new[] { "rollout/ep_rew_mean", "train/policy_loss", "train/value_loss", "train/entropy", "train/approx_kl", "train/clip_fraction", "train/explained_variance", "time/fps", "eval/mean_reward" })
        {
            Assert.Contains(column, table.Names);
        }

        // The TensorBoard file holds the same values (read by the test's own TFRecord/protobuf reader, CRCs checked).
        string events = Assert.Single(Directory.GetFiles(run, "events.out.tfevents.*"));
        var scalars = TfEventReader.ReadEvents(events).Where(e => e.Scalars.Count > 0)
            .SelectMany(e => e.Scalars.Select(s => (e.Step, s.Tag, s.Value))).ToList();
        for (int row = 0; row < table.RowCount; row++)
        {
            long step = (long)table["step"][row];
            foreach (string tag in new[] { "train/value_loss", "rollout/ep_rew_mean", "train/approx_kl" })
            {
                var (_, _, value) = Assert.Single(scalars, s => s.Step == step && s.Tag == tag);
                Assert.Equal((float)table[tag][row], value);
            }
        }

        // The checkpoint is a zip whose policy weights are the entry policy.safetensors.
        using (var zip = ZipFile.OpenRead(Path.Combine(run, "final.ckpt")))
        {
            Assert.NotNull(zip.GetEntry("policy.safetensors"));
        }

        var eval = Run("eval", Path.Combine(run, "final.ckpt"), "--episodes", "3", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        using var json = JsonDocument.Parse(eval.Out);
        Assert.Equal(3, json.RootElement.GetProperty("episodes").GetInt32());
        double mean = json.RootElement.GetProperty("mean_return").GetDouble();
        Assert.Equal(json.RootElement.GetProperty("returns").EnumerateArray().Average(r => r.GetDouble()), mean, 9);
        Assert.True(json.RootElement.TryGetProperty("std_return", out _));
        Assert.True(json.RootElement.TryGetProperty("mean_length", out _));

        string png = Path.Combine(_dir.Path, "curves.png");
        var plot = Run("plot", run, "--out", png);
        Assert.True(plot.Code == 0, plot.Err);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void ResumingFromTheCommandLineEndsWithTheSameWeightsAsOneUninterruptedRun()
    {
        string a = RunDir("A"), b = RunDir("B"), c = RunDir("C");
        Assert.Equal(0, Run(["train", "CartPole-v1", "--seed", "5", "--run-dir", a, .. Tiny]).Code);
        string[] twice = [.. Tiny];
        twice[1] = "2048";
        var resumed = Run(["train", "--resume", Path.Combine(a, "final.ckpt"), "--total-timesteps", "2048", "--run-dir", b]);
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal(0, Run(["train", "CartPole-v1", "--seed", "5", "--run-dir", c, .. twice]).Code);
        Assert.Equal(PolicyBytes(Path.Combine(c, "final.ckpt")), PolicyBytes(Path.Combine(b, "final.ckpt")));
        Assert.Equal(2048, CheckpointFile.Load(Path.Combine(b, "final.ckpt")).Timesteps);

        // Resuming into a different architecture is a clear configuration error, not a crash.
        var mismatch = Run("train", "--resume", Path.Combine(a, "final.ckpt"), "--set", "policy.pi_layers=[8]", "--run-dir", RunDir("D"));
        Assert.Equal(2, mismatch.Code);
        Assert.Contains("pi.0.weight", mismatch.Err);
    }

    [Fact]
    public void RolloutsCanBeCollectedToFilesAndLearnedFromCombined()
    {
        string run = RunDir("r");
        Assert.Equal(0, Run(["train", "CartPole-v1", "--run-dir", run, .. Tiny]).Code);
        string ckpt = Path.Combine(run, "final.ckpt");
        string f1 = Path.Combine(_dir.Path, "one.rollout"), f2 = Path.Combine(_dir.Path, "two.rollout"), updated = Path.Combine(_dir.Path, "updated.ckpt");
        Assert.Equal(0, Run("rollouts", "collect", "--checkpoint", ckpt, "--steps", "16", "--out", f1).Code);
        Assert.Equal(0, Run("rollouts", "collect", "--checkpoint", ckpt, "--steps", "16", "--out", f2).Code);
        Assert.Equal(2, Run("rollouts", "collect", "--checkpoint", ckpt, "--steps", "16", "--out", f1).Code); // never overwrites
        var learn = Run("rollouts", "learn", "--checkpoint", ckpt, "--in", f1, f2, "--out", updated);
        Assert.True(learn.Code == 0, learn.Err);
        Assert.NotEqual(PolicyBytes(ckpt), PolicyBytes(updated));
        Assert.Equal(CheckpointFile.Load(ckpt).Updates + 1, CheckpointFile.Load(updated).Updates);
    }

    [Fact]
    public void MlflowFileStoreGetsParamsMetricsArtifactsAndARegisteredModelOnConvergence()
    {
        string run = RunDir("mlflow");
        string store = Path.Combine(_dir.Path, "mlruns");
        var (code, output, error) = Run(["train", "CartPole-v1", "--run-dir", run, "--mlflow", store, "--set", "stop_reward=0", .. Tiny]);
        Assert.True(code == 0, error);
        Assert.Contains("Registered the model", output);
        string runFolder = Assert.Single(Directory.GetDirectories(store).Where(d => Path.GetFileName(d) != "models" && Directory.GetDirectories(d).Length > 0)
            .SelectMany(Directory.GetDirectories));
        Assert.Equal("0.98", File.ReadAllText(Path.Combine(runFolder, "params", "gamma")).Trim());
        string[] returns = File.ReadAllLines(Path.Combine(runFolder, "metrics", "rollout", "ep_rew_mean"));
        Assert.Equal("256", returns[0].Split(' ')[2]); // "timestamp value step", one line per update
        Assert.True(File.Exists(Path.Combine(runFolder, "artifacts", "final.ckpt")));
        Assert.True(File.Exists(Path.Combine(runFolder, "artifacts", "learning-curve.png")));
        Assert.True(Directory.Exists(Path.Combine(store, "models", "proxima-CartPole-v1")));
    }

    [Fact]
    public void PeriodicCheckpointsKeepTheLastN()
    {
        string run = RunDir("periodic");
        var (code, _, error) = Run(["train", "CartPole-v1", "--run-dir", run, "--set", "checkpoint_freq=256", "--set", "keep_checkpoints=2", .. Tiny]);
        Assert.True(code == 0, error);
        Assert.Equal(["ckpt-1024.ckpt", "ckpt-768.ckpt"], Directory.GetFiles(run, "ckpt-*.ckpt").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(768, CheckpointFile.Load(Path.Combine(run, "ckpt-768.ckpt")).Timesteps);
    }

    [Fact]
    public void ConfigurationErrorsNameTheProblemAndNothingIsOverwritten()
    {
        var unknown = Run("train", "CartPole-v1", "--set", "n_stepz=8", "--run-dir", RunDir("x"));
        Assert.Equal(2, unknown.Code);
        Assert.Contains("n_stepz", unknown.Err);
        Assert.Contains("n_steps", unknown.Err); // the suggestion

        var bad = Run("train", "CartPole-v1", "--set", "gamma=1.5", "--set", "batch_size=0", "--run-dir", RunDir("y"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("gamma", bad.Err);
        Assert.Contains("batch_size", bad.Err);

        var env = Run("train", "CartPol-v1", "--run-dir", RunDir("z"));
        Assert.Equal(2, env.Code);
        Assert.Contains("CartPole-v1", env.Err);

        string existing = RunDir("existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "final.ckpt"), "precious");
        var clash = Run("train", "CartPole-v1", "--run-dir", existing);
        Assert.Equal(2, clash.Code);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(existing, "final.ckpt")));

        var missing = Run("eval", Path.Combine(_dir.Path, "nope.ckpt"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist", missing.Err);
    }

    [Fact]
    public void SettingsTheEnvironmentCannotTakeAreConfigErrorsThatLeaveNoRunDirectory()
    {
        string id = "DiscreteSensor-v" + Guid.NewGuid().ToString("N");
        EnvRegistry.Register(new EnvSpec(id, _ => new DiscreteSensorEnv(), 5, null, null, "Dict observation with a discrete part"));
        string dir = RunDir("normalize");
        var result = Run("train", id, "--set", "normalize=true", "--set", "n_steps=8", "--set", "batch_size=8", "--total-timesteps", "64", "--run-dir", dir);
        Assert.Equal(2, result.Code);
        Assert.Contains("cannot be trained with this config", result.Err);
        Assert.Contains("normalize: false", result.Err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void DictObservationsCanBeNormalized()
    {
        string dir = RunDir("dict-normalize");
        var (code, output, error) = Run("train", "PlanarArmReach-v0", "--set", "normalize=true", "--set", "n_steps=32", "--set", "eval_freq=0", "--total-timesteps", "256", "--run-dir", dir);
        Assert.True(code == 0, error);
        Assert.Contains("Final evaluation", output);
        Assert.True(File.Exists(Path.Combine(dir, "final.ckpt")));
    }

    [Fact]
    public async Task SigintStopsCleanlyWithAFinalCheckpoint()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string run = RunDir("sigint");
        string cli = typeof(CliApp).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { cli, "train", "CartPole-v1", "--total-timesteps", "100000000", "--run-dir", run })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        string metrics = Path.Combine(run, "metrics.csv");
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(metrics) && new FileInfo(metrics).Length > 0) && deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            await Task.Delay(50);
        }

        Assert.False(process.HasExited, process.HasExited ? await stderr : "");
        Assert.Equal(0, Kill(process.Id, 2)); // SIGINT
        Assert.True(process.WaitForExit(60_000), "the trainer did not stop after SIGINT");
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("Interrupted", await stdout);
        var checkpoint = CheckpointFile.Load(Path.Combine(run, "final.ckpt"));
        Assert.True(checkpoint.Timesteps > 0 && checkpoint.Timesteps < 100_000_000);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static byte[] PolicyBytes(string checkpoint)
    {
        using var zip = ZipFile.OpenRead(checkpoint);
        using var stream = zip.GetEntry("policy.safetensors")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
