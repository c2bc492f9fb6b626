using System.Globalization;
using CsvHelper;
using Guild.Core;
using Guild.Core.Contributions;

namespace Guild.Jobs.Ingestion.Papers;

public sealed record PapersImported(int Papers, int Inserted, int Updated);

/// <summary>
/// Imports papers for the genesis distribution from a CSV with the header <c>doi,title,authors,citations</c> (and an
/// optional <c>published</c> date). <c>authors</c> lists each author as a GitHub login (<c>octocat</c>, <c>@octocat</c>
/// or <c>github:octocat</c>) or an ORCID (<c>0000-0002-1825-0097</c> or <c>orcid:…</c>), separated by <c>;</c>. The
/// first author is the contribution's author, the rest its co-authors. Every row is checked before anything is stored:
/// one bad row refuses the whole file, naming the row and the reason. Re-importing a file updates citation counts.
/// </summary>
public sealed class ImportPapersCommand(RecordContributionsCommand record, TimeProvider time)
{
    public const int MaxRows = 100_000;

    public async Task<Outcome<PapersImported>> ExecuteAsync(TextReader csv, CancellationToken cancellationToken)
    {
        var (rows, errors) = Parse(csv);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var now = time.GetUtcNow();
        var records = rows.Select(r => new ContributionRecord(ContributionKind.Paper, r.Doi, r.Published ?? now)
        {
            Author = r.Authors[0],
            CoAuthors = r.Authors.Skip(1).ToList(),
            Title = r.Title,
            CitationCount = r.Citations,
            Url = "https://doi.org/" + r.Doi,
        }).ToList();
        var inserted = 0;
        var updated = 0;
        foreach (var chunk in records.Chunk(1000))
        {
            var result = await record.ExecuteAsync(ContributionSource.Papers, chunk, cancellationToken);
            inserted += result.Inserted;
            updated += result.Updated;
        }
        return new PapersImported(records.Count, inserted, updated);
    }

    private sealed record PaperRow(string Doi, string Title, IReadOnlyList<IdentityRef> Authors, int Citations, DateTimeOffset? Published);

    private static (List<PaperRow>, PaperErrors) Parse(TextReader text)
    {
        var errors = new PaperErrors();
        var rows = new List<PaperRow>();
        var options = new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, SkipEmptyLines = true, TrimWhitespace = true };
        using var csv = CsvReader.Create(text, options, false);
        try
        {
            csv.ReadHeader();
            var columns = csv.Headers.Select((h, i) => (Name: h.Trim().ToLowerInvariant(), i)).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().i);
            var missing = new[] { "doi", "title", "authors", "citations" }.Where(h => !columns.ContainsKey(h)).ToList();
            if (missing.Count > 0)
            {
                errors.Add("header", $"misses {string.Join(", ", missing)} (expected doi,title,authors,citations[,published])");
                return (rows, errors);
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (csv.Read())
            {
                string Get(string name) => columns.TryGetValue(name, out var i) && i < csv.FieldCount ? csv.GetString(i).Trim() : "";
                if (rows.Count >= MaxRows)
                {
                    errors.Add("file", $"has more than {MaxRows} rows");
                    break;
                }
                var field = $"line {csv.LineNumber}";
                var doi = NormalizeDoi(Get("doi"));
                if (doi is null)
                {
                    errors.Add(field, "doi must look like 10.1234/abc (a https://doi.org/ prefix is fine)");
                }
                else if (!seen.Add(doi))
                {
                    errors.Add(field, $"doi {doi} appears twice");
                }
                var title = Get("title");
                if (title.Length == 0 || title.Length > 500)
                {
                    errors.Add(field, "title is required (at most 500 characters)");
                }
                var authors = new List<IdentityRef>();
                foreach (var author in Get("authors").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (ParseAuthor(author) is { } identity)
                    {
                        authors.Add(identity);
                    }
                    else
                    {
                        errors.Add(field, $"author '{author}' is neither a GitHub login nor an ORCID");
                    }
                }
                if (authors.Count == 0)
                {
                    errors.Add(field, "authors needs at least one GitHub login or ORCID");
                }
                if (!int.TryParse(Get("citations"), NumberStyles.None, CultureInfo.InvariantCulture, out var citations))
                {
                    errors.Add(field, "citations must be a whole number of at least 0");
                }
                DateTimeOffset? published = null;
                if (Get("published") is { Length: > 0 } date)
                {
                    if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        published = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    }
                    else
                    {
                        errors.Add(field, "published must be a date like 2024-05-31");
                    }
                }
                if (doi is not null && title.Length is > 0 and <= 500 && authors.Count > 0)
                {
                    rows.Add(new PaperRow(doi, title, authors, citations, published));
                }
            }
        }
        catch (Exception ex) when (ex is CsvFormatException or InvalidOperationException or CsvValidationException)
        {
            errors.Add("file", $"is not valid CSV: {ex.Message.Split('\n')[0]}");
        }
        if (rows.Count == 0 && !errors.Any)
        {
            errors.Add("file", "has no papers");
        }
        return (rows, errors);
    }

    private static string? NormalizeDoi(string? value)
    {
        var doi = value?.Trim();
        if (doi is null)
        {
            return null;
        }
        foreach (var prefix in new[] { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:" })
        {
            if (doi.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                doi = doi[prefix.Length..];
            }
        }
        doi = doi.ToLowerInvariant();
        return System.Text.RegularExpressions.Regex.IsMatch(doi, @"^10\.\d{4,9}/\S+$") && doi.Length <= 200 ? doi : null;
    }

    private static IdentityRef? ParseAuthor(string author)
    {
        var value = author;
        if (value.StartsWith("orcid:", StringComparison.OrdinalIgnoreCase) || ContributionsValidation.IsOrcid(value))
        {
            var orcid = value.StartsWith("orcid:", StringComparison.OrdinalIgnoreCase) ? value[6..].Trim() : value;
            orcid = orcid.Replace("https://orcid.org/", "", StringComparison.OrdinalIgnoreCase).ToUpperInvariant();
            return ContributionsValidation.IsOrcid(orcid) ? new IdentityRef(IdentityKind.Orcid, orcid) : null;
        }
        if (value.StartsWith("github:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..].Trim();
        }
        value = value.TrimStart('@');
        return ContributionsValidation.IsLogin(value) ? IdentityRef.GitHub(value) : null;
    }

    /// <summary>Row errors in the same shape as <see cref="InvalidInputError"/>.</summary>
    private sealed class PaperErrors
    {
        private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

        public bool Any => errors.Count > 0;

        public void Add(string field, string message)
        {
            if (errors.Count >= 50 && !errors.ContainsKey(field))
            {
                return; // enough to fix the file
            }
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        public InvalidInputError ToError() => new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
