using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Chain;

internal sealed class ChainEventConfiguration : IEntityTypeConfiguration<ChainEvent>
{
    public void Configure(EntityTypeBuilder<ChainEvent> builder)
    {
        builder.HasKey(e => e.Id);
        // A log is identified by its block and position; indexing the same range twice cannot duplicate it.
        builder.HasIndex(e => new { e.ChainId, e.BlockHash, e.LogIndex }).IsUnique();
        builder.HasIndex(e => new { e.ChainId, e.BlockNumber });
        builder.HasIndex(e => new { e.ChainId, e.Contract, e.Name });
        builder.HasIndex(e => new { e.ChainId, e.Account });
        builder.Property(e => e.BlockHash).HasMaxLength(66);
        builder.Property(e => e.TransactionHash).HasMaxLength(66);
        builder.Property(e => e.Contract).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(64);
        builder.Property(e => e.Account).HasMaxLength(42);
    }
}
