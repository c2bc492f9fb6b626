using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Allocation.WeightSets;

internal sealed class WeightSetDocumentConfiguration : IEntityTypeConfiguration<WeightSetDocument>
{
    public void Configure(EntityTypeBuilder<WeightSetDocument> builder)
    {
        builder.HasKey(d => d.Hash);
        builder.Property(d => d.Hash).HasMaxLength(66);
        builder.Property(d => d.Version).HasMaxLength(WeightSetLibrary.VersionMaxLength).IsRequired();
        // One meaning per name: a changed set needs a new version, so a version always names one hash.
        builder.HasIndex(d => d.Version).IsUnique();
        builder.Property(d => d.Json).IsRequired();
        builder.Property(d => d.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Note).HasMaxLength(2000);
        builder.Property(d => d.CreatedBy).HasMaxLength(256);
        builder.Ignore(d => d.Weights);
    }
}
