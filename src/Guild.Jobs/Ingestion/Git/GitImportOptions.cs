using System.ComponentModel.DataAnnotations;

namespace Guild.Jobs.Ingestion.Git;

/// <summary>Configuration section <c>Git</c>: where clones live and how the history import reads line counts.</summary>
public sealed class GitImportOptions
{
    public const string Section = "Git";

    /// <summary>Bare clones of tracked repositories, relative to the data directory.</summary>
    [Required]
    public string WorkDirectory { get; set; } = "git";

    /// <summary>Commits stored per transaction (and per cursor checkpoint).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// Read per-commit line counts with <c>git log --numstat</c> when a git executable is on the PATH: one process per
    /// batch, up to one per core at a time, numbers identical to git's. Otherwise (or when false) LibGit2Sharp computes
    /// them per commit, which is several times slower.
    /// </summary>
    public bool UseGitExecutable { get; set; } = true;
}
