using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Allocation.WeightSets;

/// <summary>
/// The stored weight-set documents: the built-in default and genesis sets (stored the first time they are needed) and
/// the candidates stewards draft. Looked up by hash, the key governance records on-chain.
/// </summary>
public sealed class WeightSetLibrary(GuildDbContext db, TimeProvider time)
{
    public const int VersionMaxLength = 64;

    public static IReadOnlyList<WeightSet> BuiltIns { get; } = [WeightSet.Default, WeightSet.Genesis];

    /// <summary>The document with this hash, or null when none is stored (a built-in one is stored on the way).</summary>
    public async Task<WeightSetDocument?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        hash = hash.Trim().ToLowerInvariant();
        if (await db.WeightSetDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Hash == hash, cancellationToken) is { } stored)
        {
            return stored;
        }
        if (BuiltIns.FirstOrDefault(w => WeightSetJson.Hash(w).ToString() == hash) is not { } builtIn)
        {
            return null;
        }
        await EnsureBuiltInsAsync(cancellationToken);
        return await db.WeightSetDocuments.AsNoTracking().SingleAsync(d => d.Hash == hash, cancellationToken);
    }

    /// <summary>Every stored document, built-ins included, newest first.</summary>
    public async Task<IReadOnlyList<WeightSetDocument>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureBuiltInsAsync(cancellationToken);
        return (await db.WeightSetDocuments.AsNoTracking().ToListAsync(cancellationToken)).OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Version, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Stores a steward's candidate: it must be a valid <c>guild-weights/2</c> document with a version name of its own.
    /// The same document again is the same candidate (idempotent).
    /// </summary>
    public async Task<Outcome<WeightSetDocument>> AddCandidateAsync(string json, string? note, string createdBy, CancellationToken cancellationToken)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is not null && PlainText.Problem(note, 500) is { } noteProblem)
        {
            var errors = new FieldErrors();
            errors.Add("note", noteProblem);
            return errors.ToError();
        }
        var parsed = Parse(json);
        if (parsed.Error is { } invalid)
        {
            return invalid;
        }
        var weights = parsed.Value!.Weights;
        var candidate = new WeightSetDocument(weights, WeightSetOrigin.Candidate, note, createdBy, time.GetUtcNow());
        await EnsureBuiltInsAsync(cancellationToken);
        if (await db.WeightSetDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Hash == candidate.Hash, cancellationToken) is { } same)
        {
            return same;
        }
        if (await db.WeightSetDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Version == candidate.Version, cancellationToken) is { } taken)
        {
            return new WeightSetVersionTakenError(taken.Version, taken.Hash);
        }
        db.WeightSetDocuments.Add(candidate);
        await db.SaveChangesAsync(cancellationToken);
        return candidate;
    }

    /// <summary>A weight set from its JSON, or the field errors that stop it from being one.</summary>
    public static Outcome<WeightSetBox> Parse(string? json)
    {
        var errors = new FieldErrors();
        WeightSet? weights = null;
        try
        {
            weights = WeightSetJson.Parse(json ?? "");
        }
        catch (FormatException ex)
        {
            errors.Add("json", ex.Message);
        }
        if (weights is not null)
        {
            foreach (var problem in weights.Validate())
            {
                errors.Add("json", problem);
            }
            if (weights.Version.Length > VersionMaxLength)
            {
                errors.Add("json", $"version is longer than {VersionMaxLength} characters");
            }
        }
        return errors.Any ? errors.ToError() : new WeightSetBox(weights!);
    }

    private async Task EnsureBuiltInsAsync(CancellationToken cancellationToken)
    {
        var hashes = BuiltIns.Select(w => WeightSetJson.Hash(w).ToString()).ToList();
        var stored = await db.WeightSetDocuments.AsNoTracking().Where(d => hashes.Contains(d.Hash)).Select(d => d.Hash).ToListAsync(cancellationToken);
        var missing = BuiltIns.Where(w => !stored.Contains(WeightSetJson.Hash(w).ToString())).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var weights in missing)
        {
            db.WeightSetDocuments.Add(new WeightSetDocument(weights, WeightSetOrigin.BuiltIn, null, null, time.GetUtcNow()));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request stored them at the same moment: theirs are the same bytes.
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary><see cref="Outcome{T}"/> wants a class: a parsed weight set.</summary>
public sealed record WeightSetBox(WeightSet Weights);
