using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Contributions;

/// <summary>What a steward types to track a repository.</summary>
public sealed record TrackedRepositoryInput(
    string? Host, string? Owner, string? Name, string? LicenseName, DateOnly? LicenseChangeDate, string? LicenseChangeTo,
    string? SyncCron, string? GitUrl);

/// <summary>What a steward may change on a tracked repository; host, owner and name are its identity and stay.</summary>
public sealed record TrackedRepositoryChanges(
    string? LicenseName, DateOnly? LicenseChangeDate, string? LicenseChangeTo, string? SyncCron, string? GitUrl);

/// <summary>Starts tracking a repository. Refuses invalid input and a repository already tracked, changing nothing.</summary>
public sealed class AddTrackedRepositoryCommand(GuildDbContext db, TimeProvider time, GitSources sources)
{
    public async Task<Outcome<TrackedRepository>> ExecuteAsync(TrackedRepositoryInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var host = RepositoryHost.Parse(input.Host);
        if (host is null)
        {
            errors.Add("host", "must be github.com or the http(s) base URL of a GitHub Enterprise Server");
        }
        var owner = input.Owner?.Trim();
        var name = input.Name?.Trim();
        if (!ContributionsValidation.IsOwner(owner))
        {
            errors.Add("owner", "must be a GitHub user or organization name (letters, digits, single hyphens, at most 39)");
        }
        if (!ContributionsValidation.IsRepositoryName(name))
        {
            errors.Add("name", "must be a repository name (letters, digits, '.', '-', '_', at most 100)");
        }
        var changes = TrackedRepositoryRules.Check(
            new TrackedRepositoryChanges(input.LicenseName, input.LicenseChangeDate, input.LicenseChangeTo, input.SyncCron, input.GitUrl), sources, errors);
        if (errors.Any)
        {
            return errors.ToError();
        }

        var slug = TrackedRepository.MakeSlug(host!, owner!, name!);
        if (await db.TrackedRepositories.AnyAsync(r => r.Slug == slug, cancellationToken))
        {
            return new TrackedRepositoryExistsError(slug);
        }
        var repository = new TrackedRepository(host!, owner!, name!, changes.License, changes.Cron, changes.GitUrl, time.GetUtcNow());
        db.TrackedRepositories.Add(repository);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two stewards added it at once and the unique index kept one; anything else is a real fault.
            db.Entry(repository).State = EntityState.Detached;
            if (await db.TrackedRepositories.AsNoTracking().AnyAsync(r => r.Slug == slug, cancellationToken))
            {
                return new TrackedRepositoryExistsError(slug);
            }
            throw;
        }
        return repository;
    }
}

/// <summary>Changes a tracked repository's licence, schedule or git source.</summary>
public sealed class UpdateTrackedRepositoryCommand(GuildDbContext db, TimeProvider time, GitSources sources)
{
    public async Task<Outcome<TrackedRepository>> ExecuteAsync(long id, TrackedRepositoryChanges input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var changes = TrackedRepositoryRules.Check(input, sources, errors);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var repository = await db.TrackedRepositories.FindAsync([id], cancellationToken);
        if (repository is null)
        {
            return new TrackedRepositoryNotFoundError(id);
        }
        repository.Apply(changes.License, changes.Cron, changes.GitUrl, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return repository;
    }
}

/// <summary>Deactivates (schedules stop, stored contributions stay) or reactivates a tracked repository.</summary>
public sealed class SetTrackedRepositoryActiveCommand(GuildDbContext db, TimeProvider time)
{
    public async Task<Outcome<TrackedRepository>> ExecuteAsync(long id, bool active, CancellationToken cancellationToken)
    {
        var repository = await db.TrackedRepositories.FindAsync([id], cancellationToken);
        if (repository is null)
        {
            return new TrackedRepositoryNotFoundError(id);
        }
        if (repository.SetActive(active, time.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return repository;
    }
}

internal static class TrackedRepositoryRules
{
    public sealed record Checked(RepositoryLicense License, string Cron, string? GitUrl);

    public static Checked Check(TrackedRepositoryChanges input, GitSources sources, FieldErrors errors)
    {
        var license = input.LicenseName?.Trim();
        if (PlainText.Problem(license, 100) is { } licenseProblem)
        {
            errors.Add("licenseName", licenseProblem + ", e.g. Collective Ownership License");
        }
        var changeTo = string.IsNullOrWhiteSpace(input.LicenseChangeTo) ? null : input.LicenseChangeTo.Trim();
        if (changeTo is not null && PlainText.Problem(changeTo, 100) is { } changeProblem)
        {
            errors.Add("licenseChangeTo", changeProblem);
        }
        if ((changeTo is null) != (input.LicenseChangeDate is null))
        {
            errors.Add("licenseChangeDate", "and licenseChangeTo go together: the date the licence changes and the licence it becomes");
        }
        var cron = string.IsNullOrWhiteSpace(input.SyncCron) ? TrackedRepository.DefaultCron : input.SyncCron.Trim();
        if (!ContributionsValidation.IsCron(cron))
        {
            errors.Add("syncCron", "must be a cron expression with five fields, e.g. '0 * * * *'");
        }
        var gitUrl = string.IsNullOrWhiteSpace(input.GitUrl) ? null : input.GitUrl.Trim();
        if (gitUrl is { Length: > 500 })
        {
            errors.Add("gitUrl", "must be at most 500 characters");
        }
        else if (gitUrl is not null && sources.Refusal(gitUrl) is { } refusal)
        {
            errors.Add("gitUrl", refusal);
        }
        return new Checked(new RepositoryLicense(license ?? "", input.LicenseChangeDate, changeTo), cron, gitUrl);
    }
}
