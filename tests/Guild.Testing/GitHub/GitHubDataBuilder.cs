namespace Guild.Testing.GitHub;

/// <summary>Fills a loopback repository with a realistic mix: pull requests (some merged, some by bots) with reviews, issues, comments, commits.</summary>
public static class GitHubDataBuilder
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Fill(GitHubRepositoryData repo, int pullRequests, int issues, int commits, int seed = 7)
    {
        var random = new Random(seed);
        string[] people = ["alice", "bob", "carol", "dave", "erin", "frank", "dependabot[bot]"];
        var time = Start;
        var number = repo.Issues.Count == 0 ? 1 : repo.Issues.Max(i => i.Number) + 1;
        var total = pullRequests + issues;
        int pulls = 0, plain = 0;
        for (var k = 0; k < total; k++)
        {
            time = time.AddMinutes(random.Next(1, 120));
            var isPull = (random.Next(total) < pullRequests && pulls < pullRequests) || plain >= issues;
            if (isPull)
            {
                pulls++;
            }
            else
            {
                plain++;
            }
            var author = people[random.Next(people.Length)];
            var item = new FakeIssue
            {
                Number = number,
                Title = $"{(isPull ? "Improve" : "Bug in")} module {number}",
                Author = author,
                CreatedAt = time,
                UpdatedAt = time,
                IsPullRequest = isPull,
                Labels = random.Next(3) == 0 ? ["enhancement"] : [],
            };
            if (isPull)
            {
                item.Additions = random.Next(1, 400);
                item.Deletions = random.Next(0, 200);
                item.ChangedFiles = random.Next(1, 12);
                if (random.Next(4) != 0)
                {
                    var merged = time.AddMinutes(random.Next(5, 300));
                    item.State = "closed";
                    item.MergedAt = merged;
                    item.ClosedAt = merged;
                    item.MergedBy = "maintainer";
                    item.UpdatedAt = merged;
                }
                var reviews = random.Next(0, 3);
                for (var r = 0; r < reviews; r++)
                {
                    repo.Reviews.Add(new FakeReview { Id = repo.NextId(), PullRequest = number, Author = people[random.Next(people.Length - 1)], SubmittedAt = time.AddMinutes(r + 1), State = r == 0 ? "COMMENTED" : "APPROVED" });
                }
                if (random.Next(2) == 0)
                {
                    repo.ReviewComments.Add(new FakeComment { Id = repo.NextId(), Number = number, Author = people[random.Next(people.Length - 1)], CreatedAt = time.AddMinutes(2), UpdatedAt = time.AddMinutes(2) });
                }
            }
            var comments = random.Next(0, 3);
            for (var c = 0; c < comments; c++)
            {
                repo.IssueComments.Add(new FakeComment { Id = repo.NextId(), Number = number, Author = people[random.Next(people.Length - 1)], CreatedAt = time.AddMinutes(c + 3), UpdatedAt = time.AddMinutes(c + 3) });
            }
            repo.Issues.Add(item);
            number++;
        }
        for (var c = 0; c < commits; c++)
        {
            var author = people[random.Next(people.Length - 1)];
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{repo.Owner}/{repo.Name}/{repo.Commits.Count}")));
            repo.Commits.Insert(0, new FakeCommit
            {
                Sha = sha,
                AuthorName = author,
                AuthorEmail = random.Next(3) == 0 ? $"{author}@users.noreply.github.com" : $"{author}@example.org",
                Login = random.Next(5) == 0 ? null : author,
                Date = Start.AddHours(repo.Commits.Count),
                Message = $"Change {repo.Commits.Count} (#{random.Next(1, 500)})\n\nCo-authored-by: Zed <zed@example.org>",
                Parents = repo.Commits.Count == 0 ? [] : [repo.Commits[0].Sha],
            });
        }
    }
}
