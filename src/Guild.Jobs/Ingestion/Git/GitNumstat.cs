using System.Diagnostics;
using System.Text;
using Guild.Core.Contributions;

namespace Guild.Jobs.Ingestion.Git;

/// <summary>A commit's size as <c>git log --numstat -M</c> counts it: binary files count as changed with no lines.</summary>
public readonly record struct CommitStats(int ChangedFiles, int Additions, int Deletions, int FlaggedFiles, int FlaggedAdditions, int FlaggedDeletions)
{
    public bool OnlyFlaggedPaths => ChangedFiles > 0 && FlaggedFiles == ChangedFiles;

    public CommitStats Add(string path, int additions, int deletions, PathRules rules) =>
        rules.IsFlagged(path)
            ? new(ChangedFiles + 1, Additions + additions, Deletions + deletions, FlaggedFiles + 1, FlaggedAdditions + additions, FlaggedDeletions + deletions)
            : new(ChangedFiles + 1, Additions + additions, Deletions + deletions, FlaggedFiles, FlaggedAdditions, FlaggedDeletions);
}

/// <summary>
/// Line counts for many commits from one streamed <c>git log --numstat -z -M</c>: about ten times cheaper than
/// LibGit2Sharp's per-commit patch statistics, and the same numbers git itself prints. Merge commits show no diff
/// (their changes are counted on the merged commits).
/// </summary>
public static class GitNumstat
{
    private static readonly Lazy<string?> Executable = new(FindGit);

    public static bool Available => Executable.Value is not null;

    /// <summary>
    /// Line counts of exactly <paramref name="shas"/> (each against its first parent), from one
    /// <c>git log --no-walk --stdin</c>. Callers split a long history into chunks and run several of these at once:
    /// git's diffing is single-threaded and is most of an import's cost.
    /// </summary>
    public static async Task<Dictionary<string, CommitStats>> ReadAsync(string repositoryPath, IReadOnlyList<string> shas, PathRules rules, CancellationToken cancellationToken)
    {
        if (shas.Count == 0)
        {
            return []; // with nothing on stdin, git log would walk HEAD
        }
        var start = new ProcessStartInfo(Executable.Value ?? throw new InvalidOperationException("git is not on the PATH"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // Nothing from the repository's or the machine's git configuration runs: no filesystem monitor, hooks or pager.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var arg in new[] { "-C", repositoryPath, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "diff.renameLimit=1000", "log", "--no-walk=unsorted", "--stdin", "--numstat", "-z", "-M", "--no-textconv", "--no-ext-diff", "--format=%x01%H", "--" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var feed = Task.Run(async () =>
        {
            await using var input = process.StandardInput;
            foreach (var sha in shas)
            {
                await input.WriteLineAsync(sha.AsMemory(), cancellationToken);
            }
        }, cancellationToken);
        var result = Parse(process.StandardOutput, rules);
        await feed;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git log failed ({process.ExitCode}): {await stderr}");
        }
        return result;
    }

    // Output: "\x01<sha>\0\n" per commit, then per file "adds\tdels\tpath\0", or for a rename "adds\tdels\t\0old\0new\0";
    // a binary file's counts are "-".
    internal static Dictionary<string, CommitStats> Parse(TextReader reader, PathRules rules)
    {
        var result = new Dictionary<string, CommitStats>(StringComparer.Ordinal);
        var field = new StringBuilder();
        string? sha = null;
        var stats = default(CommitStats);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\x01')
            {
                if (sha is not null)
                {
                    result[sha] = stats;
                }
                sha = ReadUntil(reader, field, '\0');
                stats = default;
                continue;
            }
            if (c == '\n' || sha is null)
            {
                continue;
            }
            field.Clear().Append((char)c);
            var added = field.Append(ReadUntil(reader, new StringBuilder(), '\t')).ToString();
            var deleted = ReadUntil(reader, field, '\t');
            var path = ReadUntil(reader, field, '\0');
            if (path.Length == 0)
            {
                ReadUntil(reader, field, '\0'); // the old path of a rename
                path = ReadUntil(reader, field, '\0');
            }
            stats = stats.Add(path, Count(added), Count(deleted), rules);
        }
        if (sha is not null)
        {
            result[sha] = stats;
        }
        return result;
    }

    private static int Count(string value) => value == "-" ? 0 : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string ReadUntil(TextReader reader, StringBuilder buffer, char end)
    {
        buffer.Clear();
        int c;
        while ((c = reader.Read()) >= 0 && c != end)
        {
            buffer.Append((char)c);
        }
        return buffer.ToString();
    }

    private static string? FindGit()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "git", "git.exe" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
