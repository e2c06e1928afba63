using System.Diagnostics;
using System.Text.Json;

namespace Proxima.Benchmarks;

/// <summary>Runs a Python comparator script (Debian's python3 with python3-torch/numpy) and parses its JSON output.</summary>
public static class Comparator
{
    /// <summary>Debian's interpreter, which is where apt installs torch and numpy.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Directory holding the comparator scripts (benchmarks/comparators).</summary>
    public static string ScriptDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proxima.sln")))
            {
                dir = dir.Parent;
            }

            return dir is null
                ? throw new InvalidOperationException("Cannot find the repository root (Proxima.sln) above " + AppContext.BaseDirectory)
                : Path.Combine(dir.FullName, "benchmarks", "comparators");
        }
    }

    /// <summary>Runs <paramref name="script"/> with arguments; returns its JSON output, or null with a reason printed when unavailable.</summary>
    public static JsonElement? Run(string script, params string[] args)
    {
        if (!File.Exists(Python))
        {
            Console.WriteLine($"comparator skipped: {Python} not found (apt-get install python3-torch python3-numpy)");
            return null;
        }

        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(ScriptDirectory, script));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"comparator {script} failed ({process.ExitCode}): {stderr.Trim()}");
            return null;
        }

        string lastLine = stdout.Trim().Split('\n')[^1];
        return JsonDocument.Parse(lastLine).RootElement.Clone();
    }
}
