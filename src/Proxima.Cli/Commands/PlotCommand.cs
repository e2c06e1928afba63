using System.CommandLine;
using System.Globalization;
using Proxima.Cli.Plotting;

namespace Proxima.Cli.Commands;

/// <summary>
/// <c>proxima plot</c>: draws a learning curve from one or more <c>metrics.csv</c> files (or run directories holding
/// one) as a PNG, one line per run, or with <c>--mean</c> the mean ± std band across the runs.
/// </summary>
public static class PlotCommand
{
    /// <summary>Builds the <c>plot</c> command writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var runs = new Argument<string[]>("runs") { Description = "metrics.csv files or run directories containing one.", Arity = ArgumentArity.OneOrMore };
        var y = new Option<string>("--y") { Description = "Metric column to plot.", DefaultValueFactory = _ => Reporting.TrackingCallback.ReturnMetric };
        var x = new Option<string>("--x") { Description = "Column for the x axis.", DefaultValueFactory = _ => "step" };
        var outPath = new Option<string>("--out") { Description = "PNG file to write.", DefaultValueFactory = _ => "learning-curves.png" };
        var title = new Option<string?>("--title") { Description = "Plot title (default: the metric name)." };
        var mean = new Option<bool?>("--mean") { Description = "Plot the mean ± std across runs (default: when several runs share a config apart from the seed), or one line per run with --mean false." };
        var points = new Option<int>("--points") { Description = "Grid points for --mean.", DefaultValueFactory = _ => 200 };

        var command = new Command("plot", "Plot a learning curve from metrics.csv files as a PNG.");
        command.Arguments.Add(runs);
        command.Options.Add(y);
        command.Options.Add(x);
        command.Options.Add(outPath);
        command.Options.Add(title);
        command.Options.Add(mean);
        command.Options.Add(points);
        command.SetAction(parse =>
        {
            try
            {
                string yName = parse.GetValue(y)!, xName = parse.GetValue(x)!, png = parse.GetValue(outPath)!;
                string plotTitle = parse.GetValue(title) ?? yName;
                var curves = new List<(string label, double[] x, double[] y)>();
                foreach (string run in parse.GetValue(runs) ?? [])
                {
                    string file = Directory.Exists(run) ? Path.Combine(run, "metrics.csv") : run;
                    var table = MetricsCsv.Read(file);
                    var (xs, ys) = table.Series(xName, yName);
                    string label = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? file;
                    curves.Add((label, xs, ys));
                }

                if (parse.GetValue(mean) ?? (curves.Count > 1 && ShareConfig(parse.GetValue(runs) ?? [])))
                {
                    var agg = LearningCurvePlot.Aggregate([.. curves.Select(c => (c.x, c.y))], parse.GetValue(points));
                    LearningCurvePlot.SaveAggregate([(yName, agg)], png, plotTitle, xName, yName);
                }
                else
                {
                    LearningCurvePlot.Save(curves, png, plotTitle, xName, yName);
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {png} ({curves.Count} run(s))"));
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or KeyNotFoundException)
            {
                error.WriteLine($"plot: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Whether every run directory has a config.yaml and they agree on everything but the seed.</summary>
    private static bool ShareConfig(IEnumerable<string> runs)
    {
        var configs = new HashSet<string>(StringComparer.Ordinal);
        foreach (string run in runs)
        {
            string file = Path.Combine(Directory.Exists(run) ? run : Path.GetDirectoryName(Path.GetFullPath(run))!, "config.yaml");
            if (!File.Exists(file))
            {
                return false;
            }

            configs.Add(string.Join('\n', File.ReadAllLines(file).Where(l => !l.StartsWith("seed:", StringComparison.Ordinal))));
        }

        return configs.Count == 1;
    }
}
