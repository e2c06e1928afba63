using System.Globalization;
using System.Text;

namespace Proxima.Tracking;

/// <summary>CSV cell formatting shared by the CSV tracker: RFC 4180 quoting and round-trip numbers.</summary>
internal static class CsvFormat
{
    /// <summary>Quotes <paramref name="cell"/> when it holds a comma, quote or line break.</summary>
    public static string Escape(string cell)
    {
        if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return cell;
        }

        return "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A double in invariant culture with round-trip precision ("R").</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Joins already-escaped cells into one line.</summary>
    public static string Line(IEnumerable<string> cells)
    {
        var sb = new StringBuilder();
        foreach (var c in cells)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
