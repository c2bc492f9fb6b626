namespace Guild.Testing.GitHub;

/// <summary>A repository as the loopback GitHub serves it; tests add and change items between syncs.</summary>
public sealed class GitHubRepositoryData(string owner, string name)
{
    public string Owner { get; } = owner;
    public string Name { get; } = name;
    public List<FakeIssue> Issues { get; } = [];
    public List<FakeReview> Reviews { get; } = [];
    public List<FakeComment> IssueComments { get; } = [];
    public List<FakeComment> ReviewComments { get; } = [];

    /// <summary>Newest first, as GitHub lists them.</summary>
    public List<FakeCommit> Commits { get; } = [];

    private long nextId = 1000;

    public long NextId() => Interlocked.Increment(ref nextId);
}

public sealed class FakeIssue
{
    public required int Number { get; init; }
    public required string Title { get; set; }
    public required string Author { get; init; }
    public string State { get; set; } = "open";
    public List<string> Labels { get; set; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public bool IsPullRequest { get; init; }
    public DateTimeOffset? MergedAt { get; set; }
    public string? MergedBy { get; set; }
    public int Additions { get; set; }
    public int Deletions { get; set; }
    public int ChangedFiles { get; set; }
}

public sealed class FakeReview
{
    public required long Id { get; init; }
    public required int PullRequest { get; init; }
    public required string Author { get; init; }
    public string State { get; init; } = "APPROVED";
    public required DateTimeOffset SubmittedAt { get; init; }
}

public sealed class FakeComment
{
    public required long Id { get; init; }
    public required int Number { get; init; }
    public required string Author { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public string Path { get; init; } = "src/model.py";
}

public sealed class FakeCommit
{
    public required string Sha { get; init; }
    public required string AuthorName { get; init; }
    public required string AuthorEmail { get; init; }
    public string? Login { get; init; }
    public required DateTimeOffset Date { get; init; }
    public required string Message { get; init; }
    public List<string> Parents { get; init; } = [];
}

/// <summary>What the loopback server does to a matching request instead of answering it.</summary>
public enum GitHubFault
{
    BadGateway,
    SecondaryRateLimit,
    TooManyRequests,
    MalformedJson,
    Timeout,
}
