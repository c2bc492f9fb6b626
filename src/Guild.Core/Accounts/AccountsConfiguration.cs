using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Accounts;

internal sealed class RoleChangeConfiguration : IEntityTypeConfiguration<RoleChange>
{
    public void Configure(EntityTypeBuilder<RoleChange> builder)
    {
        builder.ToTable("RoleChanges");
        builder.HasKey(c => c.Id);
        // No foreign keys to the accounts: the trail outlives a deleted account.
        builder.Property(c => c.UserId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.ByUserId).HasMaxLength(450);
        builder.Property(c => c.Role).HasMaxLength(256).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => c.UserId);
        builder.HasIndex(c => c.At);
    }
}
