using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Contributions;

internal sealed class TrackedRepositoryConfiguration : IEntityTypeConfiguration<TrackedRepository>
{
    public void Configure(EntityTypeBuilder<TrackedRepository> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Host).HasMaxLength(300).IsRequired();
        builder.Property(r => r.Owner).HasMaxLength(39).IsRequired();
        builder.Property(r => r.Name).HasMaxLength(100).IsRequired();
        builder.Property(r => r.Slug).HasMaxLength(450).IsRequired();
        builder.HasIndex(r => r.Slug).IsUnique();
        builder.Property(r => r.LicenseName).HasMaxLength(100).IsRequired();
        builder.Property(r => r.LicenseChangeTo).HasMaxLength(100);
        builder.Property(r => r.SyncCron).HasMaxLength(100).IsRequired();
        builder.Property(r => r.GitUrl).HasMaxLength(500);
        builder.Ignore(r => r.FullName);
        builder.Ignore(r => r.IsGitHubDotCom);
        builder.Ignore(r => r.HostKey);
    }
}

internal sealed class ContributionConfiguration : IEntityTypeConfiguration<Contribution>
{
    public void Configure(EntityTypeBuilder<Contribution> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Host).HasMaxLength(300).IsRequired();
        builder.Property(c => c.Repository).HasMaxLength(150).IsRequired();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ExternalId).HasMaxLength(200).IsRequired();
        // The natural key: every job upserts through it, and the database refuses a duplicate.
        builder.HasIndex(c => new { c.Host, c.Repository, c.Kind, c.ExternalId }).IsUnique();
        builder.HasIndex(c => c.TrackedRepositoryId);
        builder.HasIndex(c => c.AuthorId);
        builder.Property(c => c.Title).HasMaxLength(500);
        builder.Property(c => c.State).HasMaxLength(20);
        builder.Property(c => c.Labels).HasMaxLength(1000);
        builder.Property(c => c.MergedBy).HasMaxLength(50);
        builder.Property(c => c.Url).HasMaxLength(500);
        builder.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Merger).WithMany().HasForeignKey(c => c.MergerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TrackedRepository>().WithMany().HasForeignKey(c => c.TrackedRepositoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.CoAuthors).WithOne().HasForeignKey(a => a.ContributionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.CoAuthors).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContributionCoAuthorConfiguration : IEntityTypeConfiguration<ContributionCoAuthor>
{
    public void Configure(EntityTypeBuilder<ContributionCoAuthor> builder)
    {
        builder.HasKey(a => new { a.ContributionId, a.IdentityId });
        builder.HasOne(a => a.Identity).WithMany().HasForeignKey(a => a.IdentityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContributorIdentityConfiguration : IEntityTypeConfiguration<ContributorIdentity>
{
    public void Configure(EntityTypeBuilder<ContributorIdentity> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Value).HasMaxLength(320).IsRequired();
        builder.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
        builder.Property(i => i.DisplayName).HasMaxLength(200);
        builder.Property(i => i.Login).HasMaxLength(50);
        builder.HasIndex(i => i.Login);
        // A GitHub account is keyed by its numeric id once known: at most one row per account.
        builder.HasIndex(i => i.GitHubId).IsUnique();
        builder.HasOne(i => i.Person).WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.PersonId);
        builder.Ignore(i => i.PublicLabel);
        builder.Property(i => i.LoginSource).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.ConfirmedBy).HasMaxLength(256);
    }
}

internal sealed class SyncCursorConfiguration : IEntityTypeConfiguration<SyncCursor>
{
    public void Configure(EntityTypeBuilder<SyncCursor> builder)
    {
        builder.HasKey(c => new { c.TrackedRepositoryId, c.Stream });
        builder.Property(c => c.Stream).HasMaxLength(40);
        builder.Property(c => c.ETag).HasMaxLength(200);
        builder.Property(c => c.ETagRequest).HasMaxLength(1000);
        builder.Property(c => c.Pending).HasMaxLength(1000);
        builder.Property(c => c.PendingPosition).HasMaxLength(200);
        builder.Property(c => c.Position).HasMaxLength(200);
        builder.HasOne<TrackedRepository>().WithMany().HasForeignKey(c => c.TrackedRepositoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IngestionProgressConfiguration : IEntityTypeConfiguration<IngestionProgress>
{
    public void Configure(EntityTypeBuilder<IngestionProgress> builder)
    {
        builder.HasKey(p => p.Key);
        builder.Property(p => p.Key).HasMaxLength(200);
        builder.Property(p => p.Job).HasMaxLength(40).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Detail).HasMaxLength(500);
        builder.Property(p => p.HangfireJobId).HasMaxLength(100);
        builder.HasIndex(p => p.TrackedRepositoryId);
    }
}

internal sealed class ContributionFlagReviewConfiguration : IEntityTypeConfiguration<ContributionFlagReview>
{
    public void Configure(EntityTypeBuilder<ContributionFlagReview> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Note).HasMaxLength(ReviewContributionFlagCommand.NoteMaxLength).IsRequired();
        builder.Property(r => r.DecidedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(r => r.ContributionId);
        builder.HasOne<Contribution>().WithMany().HasForeignKey(r => r.ContributionId).OnDelete(DeleteBehavior.Cascade);
    }
}
