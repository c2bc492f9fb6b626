using Guild.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Contributions;

internal sealed class ContributorWalletConfiguration : IEntityTypeConfiguration<ContributorWallet>
{
    public void Configure(EntityTypeBuilder<ContributorWallet> builder)
    {
        builder.HasKey(w => w.PersonId);
        builder.Property(w => w.PersonId).ValueGeneratedNever();
        builder.HasOne<Person>().WithOne().HasForeignKey<ContributorWallet>(w => w.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(w => w.Address).HasMaxLength(42).IsRequired();
        // One person per wallet: a second account linking the same address is refused here even if a check is raced.
        builder.HasIndex(w => w.Address).IsUnique();
    }
}
