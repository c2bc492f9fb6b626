using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Chain;

internal sealed class IndexedBlockConfiguration : IEntityTypeConfiguration<IndexedBlock>
{
    public void Configure(EntityTypeBuilder<IndexedBlock> builder)
    {
        builder.HasKey(b => new { b.ChainId, b.Number });
        builder.Property(b => b.Number).ValueGeneratedNever();
        builder.Property(b => b.Hash).HasMaxLength(66);
    }
}
