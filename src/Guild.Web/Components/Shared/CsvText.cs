using System.Text;

namespace Guild.Web.Components.Shared;

/// <summary>RFC 4180 CSV that spreadsheets open safely.</summary>
public static class CsvText
{
    public static string Of(IEnumerable<string?[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Cell(string? value)
    {
        value ??= "";
        // A title that starts like a formula (=, +, -, @) would run as one in a spreadsheet: keep it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
