using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Chain;

internal sealed class ChainHeadConfiguration : IEntityTypeConfiguration<ChainHead>
{
    public void Configure(EntityTypeBuilder<ChainHead> builder)
    {
        builder.HasKey(h => h.ChainId);
        builder.Property(h => h.ChainId).ValueGeneratedNever();
        builder.Property(h => h.BlockHash).HasMaxLength(66).IsRequired();
    }
}
