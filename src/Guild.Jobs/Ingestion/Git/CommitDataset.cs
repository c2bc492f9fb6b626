using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Guild.Jobs.Ingestion.Git;

/// <summary>One row of a <c>*.commits.tsv.gz</c> dataset: a real commit's metadata and diff statistics (no code).</summary>
public sealed record DatasetCommit(
    string Sha, IReadOnlyList<string> Parents, string AuthorName, string AuthorEmail, string AuthorLogin,
    string CommitterName, string CommitterEmail, DateTimeOffset AuthoredAt, DateTimeOffset CommittedAt, int? PullRequest,
    int FilesChanged, int Additions, int Deletions, IReadOnlyList<(string Name, string Email)> CoAuthors, string Subject);

/// <summary>Reads the commit datasets (gzip, UTF-8, tab-separated with a header, no quoting, newest commit first).</summary>
public static class CommitDataset
{
    public static IReadOnlyList<DatasetCommit> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty")).Split('\t');
        var column = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var rows = new List<DatasetCommit>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var f = line.Split('\t');
            string Get(string name) => column.TryGetValue(name, out var i) && i < f.Length ? f[i] : "";
            int Int(string name) => int.TryParse(Get(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            rows.Add(new DatasetCommit(
                Get("sha"),
                Get("parent_shas").Split(' ', StringSplitOptions.RemoveEmptyEntries),
                Get("author_name"), Get("author_email"), Get("author_login"),
                Get("committer_name"), Get("committer_email"),
                DateTimeOffset.Parse(Get("authored_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTimeOffset.Parse(Get("committed_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                int.TryParse(Get("pr_number"), NumberStyles.None, CultureInfo.InvariantCulture, out var pr) ? pr : null,
                Int("files_changed"), Int("additions"), Int("deletions"),
                ParseCoAuthors(Get("co_authors")),
                Get("subject")));
        }
        return rows;
    }

    private static List<(string, string)> ParseCoAuthors(string value)
    {
        var result = new List<(string, string)>();
        foreach (var part in value.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            var open = part.LastIndexOf('<');
            var close = part.LastIndexOf('>');
            if (open >= 0 && close > open)
            {
                result.Add((part[..open].Trim(), part[(open + 1)..close].Trim()));
            }
        }
        return result;
    }
}
