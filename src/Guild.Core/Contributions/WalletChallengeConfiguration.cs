using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Contributions;

internal sealed class WalletChallengeConfiguration : IEntityTypeConfiguration<WalletChallenge>
{
    public void Configure(EntityTypeBuilder<WalletChallenge> builder)
    {
        builder.HasKey(c => c.Nonce);
        builder.Property(c => c.Nonce).HasMaxLength(64);
        builder.Property(c => c.UserId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.Address).HasMaxLength(42).IsRequired();
        builder.Property(c => c.Contract).HasMaxLength(42).IsRequired();
        builder.Property(c => c.Message).HasMaxLength(2000).IsRequired();
        builder.HasIndex(c => c.UserId);
    }
}
