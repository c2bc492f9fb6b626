using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Chain;

internal sealed class ContractDeploymentConfiguration : IEntityTypeConfiguration<ContractDeployment>
{
    public void Configure(EntityTypeBuilder<ContractDeployment> builder)
    {
        builder.HasKey(d => new { d.ChainId, d.Name });
        builder.Property(d => d.Name).HasMaxLength(64);
        builder.Property(d => d.Address).HasMaxLength(42).IsRequired();
        builder.Property(d => d.TransactionHash).HasMaxLength(66).IsRequired();
        builder.Property(d => d.ArtifactHash).HasMaxLength(66).IsRequired();
    }
}
