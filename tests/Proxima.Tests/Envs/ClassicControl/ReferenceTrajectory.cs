using System.Text.Json;

namespace Proxima.Tests.Envs.ClassicControl;

/// <summary>One step of a Gymnasium reference trajectory (see shared/reference/gymnasium/README.md).</summary>
internal sealed record ReferenceStep(int T, float[] Action, float[] Obs, double Reward, bool Terminated, bool Truncated, float[]? ResetObs);

/// <summary>A trajectory recorded from Gymnasium 1.2.2, loaded from the shared reference folder.</summary>
internal sealed record ReferenceTrajectory(string EnvId, ulong Seed, float[] InitialObs, ReferenceStep[] Steps)
{
    /// <summary>
    /// <c>tests/reference/gymnasium</c> in the repository (a copy of the CEO's shared reference recordings, kept in
    /// the repository so a clean clone tests conformance on its own), found by walking up from the test binaries to
    /// the folder holding Proxima.sln. Fails loudly when missing: conformance is not optional.
    /// </summary>
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proxima.sln")))
            {
                dir = dir.Parent;
            }

            Assert.True(dir is not null, $"Could not find the repository root (a folder containing Proxima.sln) above {AppContext.BaseDirectory}.");
            string folder = Path.Combine(dir!.FullName, "tests", "reference", "gymnasium");
            Assert.True(Directory.Exists(folder), $"Gymnasium reference trajectories are missing: expected the folder {folder}.");
            return folder;
        }
    }

    public static string PathOf(string envId, ulong seed)
    {
        string path = Path.Combine(Folder, $"{envId}_seed{seed}.json");
        Assert.True(File.Exists(path), $"Reference trajectory {path} is missing.");
        return path;
    }

    public static ReferenceTrajectory Load(string envId, ulong seed) => Parse(File.ReadAllText(PathOf(envId, seed)));

    public static ReferenceTrajectory Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var steps = root.GetProperty("steps").EnumerateArray().Select(s => new ReferenceStep(
            s.GetProperty("t").GetInt32(),
            ReadAction(s.GetProperty("action")),
            Floats(s.GetProperty("obs")),
            s.GetProperty("reward").GetDouble(),
            s.GetProperty("terminated").GetBoolean(),
            s.GetProperty("truncated").GetBoolean(),
            s.TryGetProperty("reset_obs", out var r) ? Floats(r) : null)).ToArray();
        return new ReferenceTrajectory(
            root.GetProperty("env_id").GetString()!,
            root.GetProperty("seed").GetUInt64(),
            Floats(root.GetProperty("initial_obs")),
            steps);
    }

    private static float[] ReadAction(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? Floats(e) : [e.GetInt32()];

    // Every stored observation is exactly a float32 value, so the double → float conversion is exact.
    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
}
