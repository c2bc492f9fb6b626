using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Guild.Jobs.Ingestion.Git;

/// <summary>A replayed commit: the dataset row, the sha it got, and the size the replay actually produced.</summary>
public sealed record ReplayedCommit(DatasetCommit Row, string Sha, int FilesChanged, int Additions, int Deletions, bool Merge)
{
    /// <summary>The replay produced exactly the row's numbers (it caps huge commits, and can only delete lines that exist).</summary>
    public bool Exact => Merge ? Row.Parents.Count > 1 : FilesChanged == Row.FilesChanged && Additions == Row.Additions && Deletions == Row.Deletions;
}

/// <summary>
/// Builds a real git repository from dataset rows: every row becomes a commit with its author, committer, dates,
/// subject and <c>Co-authored-by:</c> trailers, and synthetic file changes sized like the original (lines deleted from
/// the top of existing files, unique lines appended, binary files for changes without lines). History is replayed as one
/// line, oldest first; a merge row becomes a merge commit (second parent: an earlier commit) with no changes, as git log
/// shows merges. Written through <c>git fast-import</c>, so 100,000 commits take seconds. Used by tests, benchmarks and
/// the demo seed.
/// </summary>
public static class DatasetReplay
{
    /// <summary>Per commit, at most this many files and lines are produced (vendored drops of 100k lines would only bloat the repo).</summary>
    public const int MaxFiles = 40;
    public const int MaxLines = 3000;

    public static async Task<IReadOnlyList<ReplayedCommit>> BuildAsync(IEnumerable<DatasetCommit> newestFirst, string directory, string branch = "main", CancellationToken cancellationToken = default) =>
        await BuildAsync(newestFirst, directory, MaxLines, branch, cancellationToken);

    /// <param name="maxLines">Lines added or deleted per commit at most; a benchmark of 100,000 commits lowers it to keep the replay short.</param>
    public static async Task<IReadOnlyList<ReplayedCommit>> BuildAsync(IEnumerable<DatasetCommit> newestFirst, string directory, int maxLines, string branch = "main", CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        await RunGitAsync(directory, null, cancellationToken, "init", "--quiet", "--initial-branch=" + branch);
        var rows = newestFirst.Reverse().ToList();
        var marksFile = Path.Combine(directory, ".git", "replay-marks");
        var produced = new List<(DatasetCommit Row, int Files, int Additions, int Deletions, bool Merge)>(rows.Count);

        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in new[] { "fast-import", "--quiet", "--export-marks=" + marksFile })
        {
            start.ArgumentList.Add(arg);
        }
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var input = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            var files = new Files();
            for (var i = 0; i < rows.Count; i++)
            {
                produced.Add(WriteCommit(input, rows[i], i + 1, branch, files, maxLines));
            }
            await input.FlushAsync(cancellationToken);
            input.Close();
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"git fast-import failed: {await stderr}");
            }
        }
        await RunGitAsync(directory, null, cancellationToken, "symbolic-ref", "HEAD", "refs/heads/" + branch);
        // fast-import writes objects only; check the files out so the working copy is usable (the demo, new commits on top).
        await RunGitAsync(directory, null, cancellationToken, "reset", "--hard", "--quiet");

        var shas = File.ReadLines(marksFile).Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[0][1..], CultureInfo.InvariantCulture), p => p[1]);
        return produced.Select((p, i) => new ReplayedCommit(p.Row, shas[i + 1], p.Files, p.Additions, p.Deletions, p.Merge)).Reverse().ToList();
    }

    private static (DatasetCommit, int, int, int, bool) WriteCommit(StreamWriter w, DatasetCommit row, int mark, string branch, Files files, int maxLines)
    {
        var merge = row.Parents.Count > 1 && mark > 2;
        var message = new StringBuilder(row.Subject);
        if (row.CoAuthors.Count > 0)
        {
            message.Append("\n\n");
            foreach (var (name, email) in row.CoAuthors)
            {
                message.Append("Co-authored-by: ").Append(name).Append(" <").Append(email).Append(">\n");
            }
        }
        var bytes = Encoding.UTF8.GetByteCount(message.ToString());
        w.Write($"commit refs/heads/{branch}\nmark :{mark}\n");
        w.Write($"author {Clean(row.AuthorName)} <{Clean(row.AuthorEmail)}> {row.AuthoredAt.ToUnixTimeSeconds()} +0000\n");
        w.Write($"committer {Clean(row.CommitterName)} <{Clean(row.CommitterEmail)}> {row.CommittedAt.ToUnixTimeSeconds()} +0000\n");
        w.Write($"data {bytes}\n{message}\n");
        if (mark > 1)
        {
            w.Write($"from :{mark - 1}\n");
        }
        if (merge)
        {
            // The merged side: an earlier commit, so the merge brings no new changes (as git log shows merges).
            w.Write($"merge :{mark - 2}\n\n");
            return (row, 0, 0, 0, true);
        }
        var (changed, added, deleted) = files.Change(w, mark, Math.Min(row.FilesChanged, MaxFiles), Math.Min(row.Additions, maxLines), Math.Min(row.Deletions, maxLines));
        w.Write('\n');
        return (row, changed, added, deleted, false);
    }

    private static string Clean(string value) => value.Replace('<', ' ').Replace('>', ' ').Replace('\n', ' ').Trim();

    /// <summary>The replayed tree: each text file is a window [Start, End) of its own numbered lines, so no content is kept.</summary>
    private sealed class Files
    {
        private readonly List<(string Path, int Start, int End)> text = [];
        private readonly List<string> binary = [];
        private int next;
        private int nextFile;

        public (int Files, int Additions, int Deletions) Change(StreamWriter w, int mark, int files, int additions, int deletions)
        {
            if (files == 0 && additions + deletions > 0)
            {
                files = 1;
            }
            var textFiles = Math.Min(files, Math.Max(additions + deletions > 0 ? 1 : 0, Math.Min(files, additions + deletions)));
            var chosen = new List<int>();
            // Every modification rewrites the whole file, so keep files short (a few files of 50k lines rewritten thousands
            // of times would make every diff of the history unrealistically slow). Within a window of recent files: a commit
            // that shrinks the code deletes from the longest; one that grows it deletes from the shortest file with enough
            // lines; additions go to the shortest chosen file, or short and new ones.
            var shrinks = deletions > additions;
            var remainingDelete = deletions;
            for (var k = 0; k < textFiles; k++)
            {
                var best = -1;
                for (var probe = 0; probe < Math.Min(64, text.Count); probe++)
                {
                    var candidate = (next + probe) % text.Count;
                    if (chosen.Contains(candidate))
                    {
                        continue;
                    }
                    var lines = text[candidate].End - text[candidate].Start;
                    var bestLines = best < 0 ? 0 : text[best].End - text[best].Start;
                    var better = remainingDelete > 0
                        ? lines > 0 && (best < 0 || (shrinks || bestLines < remainingDelete ? lines > bestLines : lines >= remainingDelete && lines < bestLines))
                        : lines < 60 && (best < 0 || lines < bestLines);
                    if (better)
                    {
                        best = candidate;
                    }
                }
                next = text.Count == 0 ? 0 : (next + 1) % text.Count;
                if (best < 0)
                {
                    text.Add(($"src/m{nextFile / 50}/f{nextFile++}.py", 0, 0));
                    best = text.Count - 1;
                }
                remainingDelete -= Math.Min(remainingDelete, text[best].End - text[best].Start);
                chosen.Add(best);
            }
            // Deletions from the top of the chosen files; then additions, so that every chosen file gets at least one change.
            var plan = chosen.Select(i => (Index: i, Delete: 0, Add: 0)).ToList();
            var leftDelete = deletions;
            for (var k = 0; k < plan.Count && leftDelete > 0; k++)
            {
                var (path, s, e) = text[plan[k].Index];
                var d = Math.Min(leftDelete, e - s);
                plan[k] = plan[k] with { Delete = d };
                leftDelete -= d;
            }
            var leftAdd = additions;
            for (var k = 0; k < plan.Count && leftAdd > 0; k++)
            {
                if (plan[k].Delete == 0)
                {
                    plan[k] = plan[k] with { Add = 1 };
                    leftAdd--;
                }
            }
            if (plan.Count > 0)
            {
                var shortest = Enumerable.Range(0, plan.Count).MinBy(k => text[plan[k].Index].End - text[plan[k].Index].Start - plan[k].Delete);
                plan[shortest] = plan[shortest] with { Add = plan[shortest].Add + leftAdd };
            }

            int changed = 0, added = 0, deleted = 0;
            foreach (var (index, delete, add) in plan)
            {
                if (delete + add == 0)
                {
                    continue;
                }
                var (path, s, e) = text[index];
                text[index] = (path, s + delete, e + add);
                WriteText(w, text[index]);
                changed++;
                added += add;
                deleted += delete;
            }
            var textChanged = changed;
            var existing = binary.Count;
            for (var k = textChanged; k < files; k++)
            {
                // A change without lines: git counts a binary file as changed with 0 added and 0 deleted. Each path once per commit.
                var j = k - textChanged;
                var path = j < existing && j % 2 == 0 ? binary[j] : NewBinary();
                var data = new byte[] { 0, (byte)(mark & 0xFF), (byte)((mark >> 8) & 0xFF), (byte)((mark >> 16) & 0xFF), (byte)k };
                w.Write($"M 100644 inline {path}\ndata {data.Length}\n");
                w.Flush();
                w.BaseStream.Write(data);
                w.Write('\n');
                changed++;
            }
            return (changed, added, deleted);
        }

        private string NewBinary()
        {
            var path = $"assets/b{binary.Count}.bin";
            binary.Add(path);
            return path;
        }

        private static void WriteText(StreamWriter w, (string Path, int Start, int End) file)
        {
            var content = new StringBuilder();
            for (var line = file.Start; line < file.End; line++)
            {
                // Short lines, unique within the file: a diff can match nothing but the lines that stayed.
                content.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            w.Write($"M 100644 inline {file.Path}\ndata {Encoding.UTF8.GetByteCount(content.ToString())}\n");
            w.Write(content);
            w.Write('\n');
        }
    }

    private static async Task RunGitAsync(string directory, string? input, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {await stderr}");
        }
        _ = input;
    }
}
