using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Contributions;

internal sealed class ContributorWalletConfiguration : IEntityTypeConfiguration<ContributorWallet>
{
    public void Configure(EntityTypeBuilder<ContributorWallet> builder)
    {
        builder.HasKey(w => w.Contributor);
        builder.Property(w => w.Contributor).HasMaxLength(200);
        builder.Property(w => w.Address).HasMaxLength(42).IsRequired();
    }
}
