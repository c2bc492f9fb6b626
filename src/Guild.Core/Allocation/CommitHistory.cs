using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Guild.Core.Allocation;

/// <summary>One row of a commit-history export (the <c>*.commits.tsv.gz</c> format of the shared datasets).</summary>
public sealed record CommitRow(
    string Sha,
    IReadOnlyList<string> Parents,
    string AuthorName,
    string AuthorEmail,
    string AuthorLogin,
    DateTimeOffset AuthoredAt,
    int? PullRequest,
    long Additions,
    long Deletions,
    IReadOnlyList<(string Name, string Email)> CoAuthors,
    string Subject);

/// <summary>
/// Turns git histories into graph nodes and edges: a contribution per non-merge commit (size = changed lines), a pull
/// request per PR number, <c>authored</c>/<c>co_authored</c> edges from identities to commits, <c>references</c> from
/// commits to their pull request, <c>authored</c> from the commits' authors to it, and <c>merged</c> from whoever made
/// a "Merge pull request" commit. Identities are GitHub logins where the email reveals one, otherwise emails
/// (no .mailmap); <c>[bot]</c> accounts are marked excluded. The git importer job will produce the same shapes.
/// </summary>
public sealed partial class CommitHistory
{
    private readonly Dictionary<string, SnapshotContributor> contributors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SnapshotContribution> contributions = new(StringComparer.Ordinal);
    private readonly HashSet<SnapshotEdge> edges = [];

    public IReadOnlyCollection<SnapshotContributor> Contributors => contributors.Values;
    public IReadOnlyCollection<SnapshotContribution> Contributions => contributions.Values;
    public IReadOnlyCollection<SnapshotEdge> Edges => edges;

    public static IReadOnlyList<CommitRow> ReadTsvGz(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return ReadTsv(reader);
    }

    public static IReadOnlyList<CommitRow> ReadTsv(TextReader reader)
    {
        var header = reader.ReadLine()?.Split('\t') ?? throw new FormatException("The commit history is empty.");
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new FormatException($"No column '{name}'.");
        int sha = Column("sha"), parents = Column("parent_shas"), name = Column("author_name"), email = Column("author_email"),
            login = Column("author_login"), authored = Column("authored_at"), pr = Column("pr_number"),
            additions = Column("additions"), deletions = Column("deletions"), coAuthors = Column("co_authors"), subject = Column("subject");
        var rows = new List<CommitRow>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            rows.Add(new CommitRow(
                f[sha],
                f[parents].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                f[name],
                f[email],
                f[login],
                DateTimeOffset.Parse(f[authored], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                f[pr].Length > 0 ? int.Parse(f[pr], CultureInfo.InvariantCulture) : null,
                f[additions].Length > 0 ? long.Parse(f[additions], CultureInfo.InvariantCulture) : 0,
                f[deletions].Length > 0 ? long.Parse(f[deletions], CultureInfo.InvariantCulture) : 0,
                ParseCoAuthors(f[coAuthors]),
                f[subject]));
        }
        return rows;
    }

    /// <summary>Adds one repository's history (rows newest first, as <c>git log</c> prints them).</summary>
    public void Add(string repository, IReadOnlyList<CommitRow> rows)
    {
        var bySha = rows.ToDictionary(r => r.Sha, StringComparer.Ordinal);
        // The first-parent chain from the head is the mainline; a merged PR's own commits hang off a merge's second parent.
        var mainline = new HashSet<string>(StringComparer.Ordinal);
        for (var sha = rows.Count > 0 ? rows[0].Sha : null; sha is not null && bySha.TryGetValue(sha, out var row) && mainline.Add(sha);)
        {
            sha = row.Parents.Count > 0 ? row.Parents[0] : null;
        }

        foreach (var row in rows)
        {
            var author = Identity(row.AuthorName, row.AuthorEmail, row.AuthorLogin);
            var isMerge = row.Parents.Count > 1;
            if (!isMerge)
            {
                var commitId = $"commit:{repository}@{row.Sha}";
                contributions[commitId] = new SnapshotContribution(
                    commitId, ContributionType.Commit, repository, row.AuthoredAt, row.Additions + row.Deletions, Title: row.Subject);
                edges.Add(new SnapshotEdge(EdgeType.Authored, author, commitId));
                foreach (var (coName, coEmail) in row.CoAuthors)
                {
                    var coAuthor = Identity(coName, coEmail, LoginFromEmail(coEmail) ?? "");
                    if (coAuthor != author)
                    {
                        edges.Add(new SnapshotEdge(EdgeType.CoAuthored, coAuthor, commitId));
                    }
                }
                if (row.PullRequest is { } number)
                {
                    // Squash merge: the commit is the pull request's content.
                    var pr = PullRequest(repository, number, row.AuthoredAt, row.Additions + row.Deletions, row.Subject);
                    edges.Add(new SnapshotEdge(EdgeType.References, commitId, pr));
                    edges.Add(new SnapshotEdge(EdgeType.Authored, author, pr));
                }
            }
            else if (row.PullRequest is { } number)
            {
                var prCommits = new List<CommitRow>();
                for (var sha = row.Parents[1]; bySha.TryGetValue(sha, out var c) && !mainline.Contains(sha) && prCommits.Count < 1000;)
                {
                    if (c.Parents.Count == 1)
                    {
                        prCommits.Add(c);
                    }
                    if (c.Parents.Count == 0) break;
                    sha = c.Parents[0];
                }
                var created = prCommits.Count > 0 ? prCommits.Min(c => c.AuthoredAt) : row.AuthoredAt;
                var pr = PullRequest(repository, number, created, prCommits.Sum(c => c.Additions + c.Deletions), row.Subject);
                edges.Add(new SnapshotEdge(EdgeType.Merged, author, pr));
                foreach (var c in prCommits)
                {
                    edges.Add(new SnapshotEdge(EdgeType.References, $"commit:{repository}@{c.Sha}", pr));
                    var prAuthor = Identity(c.AuthorName, c.AuthorEmail, c.AuthorLogin);
                    edges.Add(new SnapshotEdge(EdgeType.Authored, prAuthor, pr));
                }
            }
        }
        // A merger may also have authored the PR; "merged" stays as a separate, smaller credit.
    }

    private string PullRequest(string repository, int number, DateTimeOffset createdAt, long size, string title)
    {
        var id = $"pr:{repository}#{number}";
        if (!contributions.TryGetValue(id, out var existing) || existing.CreatedAt > createdAt)
        {
            contributions[id] = new SnapshotContribution(id, ContributionType.PullRequest, repository, createdAt, size, Title: title);
        }
        return id;
    }

    private string Identity(string name, string email, string login)
    {
        login = login.Length > 0 ? login : LoginFromEmail(email) ?? "";
        var id = login.Length > 0 ? $"github:{login.ToLowerInvariant()}" : $"email:{email.ToLowerInvariant()}";
        if (!contributors.ContainsKey(id))
        {
            var bot = login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) || name.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase)
                || email.Contains("[bot]", StringComparison.OrdinalIgnoreCase);
            contributors[id] = new SnapshotContributor(id, [id], Wallet: null, bot ? "bot" : null);
        }
        return id;
    }

    private static string? LoginFromEmail(string email)
    {
        var match = NoreplyEmail().Match(email);
        return match.Success ? match.Groups["login"].Value : null;
    }

    private static (string, string)[] ParseCoAuthors(string field) =>
        field.Length == 0
            ? []
            : field.Split("; ", StringSplitOptions.RemoveEmptyEntries)
                .Select(part => CoAuthor().Match(part))
                .Where(m => m.Success)
                .Select(m => (m.Groups["name"].Value.Trim(), m.Groups["email"].Value.Trim()))
                .ToArray();

    [GeneratedRegex(@"^(?:\d+\+)?(?<login>[^@+]+)@users\.noreply\.github\.com$", RegexOptions.IgnoreCase)]
    private static partial Regex NoreplyEmail();

    [GeneratedRegex(@"^(?<name>[^<]*)<(?<email>[^>]+)>")]
    private static partial Regex CoAuthor();
}
