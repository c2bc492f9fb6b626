using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Chain;

internal sealed class ChainTransactionConfiguration : IEntityTypeConfiguration<ChainTransaction>
{
    public void Configure(EntityTypeBuilder<ChainTransaction> builder)
    {
        builder.HasKey(t => t.Id);
        // The idempotency key: one transaction per purpose per chain, enforced by the database.
        builder.HasIndex(t => new { t.ChainId, t.Purpose }).IsUnique();
        builder.HasIndex(t => new { t.ChainId, t.From, t.Status });
        builder.Property(t => t.Purpose).HasMaxLength(200);
        builder.Property(t => t.From).HasMaxLength(42);
        builder.Property(t => t.To).HasMaxLength(42);
        builder.Property(t => t.Hash).HasMaxLength(66);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Error).HasMaxLength(2000);
    }
}
