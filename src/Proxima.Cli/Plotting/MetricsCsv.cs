using System.Globalization;
using System.Text;

namespace Proxima.Cli.Plotting;

/// <summary>Reads the <c>metrics.csv</c> a <c>CsvTracker</c> writes (RFC 4180 quoting, invariant-culture numbers).</summary>
public static class MetricsCsv
{
    /// <summary>Reads the file at <paramref name="path"/>; empty or non-numeric cells become NaN.</summary>
    public static MetricsTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>.</summary>
    public static MetricsTable Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = ParseRecords(reader.ReadToEnd());
        if (records.Count == 0)
        {
            throw new InvalidDataException("The metrics file is empty (no header).");
        }

        var names = records[0];
        var columns = names.Select(_ => new List<double>()).ToList();
        foreach (var row in records.Skip(1))
        {
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue; // blank line
            }

            if (row.Count > names.Count)
            {
                throw new InvalidDataException($"A row has {row.Count} cells but the header has {names.Count}.");
            }

            for (int c = 0; c < names.Count; c++)
            {
                string cell = c < row.Count ? row[c] : string.Empty;
                columns[c].Add(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN);
            }
        }

        return new MetricsTable(names, [.. columns.Select(c => c.ToArray())], columns.Count == 0 ? 0 : columns[0].Count);
    }

    private static List<List<string>> ParseRecords(string text)
    {
        var records = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                records.Add(row);
                row = [];
                any = false;
            }
            else
            {
                cell.Append(ch);
            }
        }

        if (any)
        {
            row.Add(cell.ToString());
            records.Add(row);
        }

        return records;
    }
}
