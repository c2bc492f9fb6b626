using Guild.Core.Contributions;
using Guild.Core.Hosting;
using LibGit2Sharp;
using Microsoft.Extensions.Options;

namespace Guild.Jobs.Ingestion.Git;

/// <summary>
/// Where a tracked repository's history is read from: a local repository path is opened in place; a clone URL is
/// cloned bare into the work directory once and fetched on later runs.
/// </summary>
public sealed class GitRepositories(DataDirectory data, IOptions<GitImportOptions> options, GitSources sources)
{
    public string OpenOrClone(TrackedRepository repository)
    {
        var url = repository.GitUrl ?? throw new InvalidOperationException($"{repository.FullName} has no git URL.");
        // Saved before the rule existed, or the configuration changed since: read nothing the rule would refuse now.
        if (sources.Refusal(url) is { } refusal)
        {
            throw new InvalidOperationException($"{repository.FullName}'s git source {url} is not read: it {refusal}.");
        }
        if (Directory.Exists(url) && Repository.IsValid(url))
        {
            return url;
        }
        var local = data.File(Path.Combine(options.Value.WorkDirectory, repository.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (!Repository.IsValid(local))
        {
            if (Directory.Exists(local))
            {
                Directory.Delete(local, recursive: true); // a clone interrupted half-way
            }
            Repository.Clone(url, local, new CloneOptions { IsBare = true });
            return local;
        }
        using var git = new Repository(local);
        // Bare mirror of the branches: fetch moves local branches, so HEAD's branch is the remote default branch.
        Commands.Fetch(git, "origin", ["+refs/heads/*:refs/heads/*"], new FetchOptions { Prune = true }, null);
        return local;
    }
}
