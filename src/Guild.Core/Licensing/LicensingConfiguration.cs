using Guild.Core.Allocation.Epochs;
using Guild.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Licensing;

internal sealed class LicenseHolderConfiguration : IEntityTypeConfiguration<LicenseHolder>
{
    public void Configure(EntityTypeBuilder<LicenseHolder> builder)
    {
        builder.HasKey(h => h.OrganisationId);
        builder.HasOne<Organisation>().WithOne().HasForeignKey<LicenseHolder>(h => h.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(h => h.Wallet).HasMaxLength(42).IsRequired();
        // One wallet licenses one organisation.
        builder.HasIndex(h => h.Wallet).IsUnique();
        builder.Property(h => h.SetBy).HasMaxLength(450).IsRequired();
    }
}

internal sealed class LicenseDeclarationConfiguration : IEntityTypeConfiguration<LicenseDeclaration>
{
    public void Configure(EntityTypeBuilder<LicenseDeclaration> builder)
    {
        builder.HasKey(d => d.Id);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Registry).HasMaxLength(42).IsRequired();
        builder.Property(d => d.Company).HasMaxLength(42).IsRequired();
        builder.Property(d => d.LegalName).HasMaxLength(DeclarationRules.MaxLegalNameLength).IsRequired();
        builder.Property(d => d.RevenueUsd).Wei();
        builder.Property(d => d.StatementUri).HasMaxLength(DeclarationRules.MaxStatementUriLength).IsRequired();
        builder.Property(d => d.StatementHash).HasMaxLength(66).IsRequired();
        builder.Property(d => d.Digest).HasMaxLength(66).IsRequired();
        // A signed declaration is stored once; the register finds a licence's declaration by its hash.
        builder.HasIndex(d => new { d.ChainId, d.Digest }).IsUnique();
        builder.HasIndex(d => new { d.ChainId, d.Company });
        builder.Property(d => d.Signature).HasMaxLength(8194).IsRequired();
        builder.Property(d => d.SignedBy).HasMaxLength(450).IsRequired();
    }
}

internal sealed class LicenseReminderConfiguration : IEntityTypeConfiguration<LicenseReminder>
{
    public void Configure(EntityTypeBuilder<LicenseReminder> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Wallet).HasMaxLength(42).IsRequired();
        builder.Property(r => r.Kind).HasMaxLength(16).IsRequired();
        builder.Property(r => r.Key).HasMaxLength(80).IsRequired();
        // The job inserts before it mails: of two runs, one inserts and mails, the other finds the row.
        builder.HasIndex(r => new { r.Wallet, r.Kind, r.Key }).IsUnique();
    }
}
