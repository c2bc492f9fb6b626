using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Guild.Core.Allocation.Epochs;

/// <summary>Wei is a decimal string in the database: exact on both providers, and readable in a SQL prompt.</summary>
internal static class WeiColumn
{
    public static readonly ValueConverter<BigInteger, string> Converter = new(
        v => v.ToString(CultureInfo.InvariantCulture), v => BigInteger.Parse(v, CultureInfo.InvariantCulture));

    public static readonly ValueConverter<BigInteger?, string?> NullableConverter = new(
        v => v.HasValue ? v.Value.ToString(CultureInfo.InvariantCulture) : null,
        v => v == null ? null : BigInteger.Parse(v, CultureInfo.InvariantCulture));

    public static PropertyBuilder<BigInteger> Wei(this PropertyBuilder<BigInteger> property) =>
        property.HasConversion(Converter).HasMaxLength(80);

    public static PropertyBuilder<BigInteger?> Wei(this PropertyBuilder<BigInteger?> property) =>
        property.HasConversion(NullableConverter).HasMaxLength(80);
}

internal sealed class EpochConfiguration : IEntityTypeConfiguration<Epoch>
{
    public void Configure(EntityTypeBuilder<Epoch> builder)
    {
        builder.HasKey(e => e.Number);
        builder.Property(e => e.Number).ValueGeneratedNever();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.BudgetWei).Wei();
        builder.Property(e => e.MinimumPayoutWei).Wei();
        builder.Property(e => e.TotalCumulativeWei).Wei();
        builder.Property(e => e.AllocatedWei).Wei();
        builder.Property(e => e.WithheldWei).Wei();
        builder.Property(e => e.CapWei).Wei();
        builder.Property(e => e.PaidWei).Wei();
        builder.Property(e => e.WeightsVersion).HasMaxLength(64);
        builder.Property(e => e.Activity).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Failure).HasMaxLength(1000);
        builder.Property(e => e.VetoedRoot).HasMaxLength(66);
        foreach (var hash in new[] { nameof(Epoch.WeightsHash), nameof(Epoch.SnapshotHash), nameof(Epoch.ReportHash), nameof(Epoch.Root) })
        {
            builder.Property(hash).HasMaxLength(66);
        }
    }
}

internal sealed class EpochContributorConfiguration : IEntityTypeConfiguration<EpochContributor>
{
    public void Configure(EntityTypeBuilder<EpochContributor> builder)
    {
        builder.HasKey(c => new { c.Epoch, c.Contributor });
        builder.Property(c => c.Contributor).HasMaxLength(200);
        builder.Property(c => c.Wallet).HasMaxLength(42);
        builder.Property(c => c.Exclusion).HasMaxLength(100);
        builder.Property(c => c.EpochWei).Wei();
        builder.Property(c => c.GenesisReleasedWei).Wei();
        builder.Property(c => c.PaidWei).Wei();
        builder.Property(c => c.CarriedWei).Wei();
        builder.Property(c => c.GenesisEntitlementWei).Wei();
        builder.Property(c => c.GenesisReleasedTotalWei).Wei();
        builder.HasIndex(c => new { c.Epoch, c.Wallet });
        // Lists page by rank (score share, the amount's order too, then key): a page reads its ranks only, however far down.
        builder.HasIndex(c => new { c.Epoch, c.Rank }).IsUnique();
    }
}

internal sealed class EpochAccountConfiguration : IEntityTypeConfiguration<EpochAccount>
{
    public void Configure(EntityTypeBuilder<EpochAccount> builder)
    {
        builder.HasKey(a => new { a.Epoch, a.Account });
        builder.Property(a => a.Account).HasMaxLength(42);
        builder.Property(a => a.PreviousWei).Wei();
        builder.Property(a => a.CumulativeWei).Wei();
    }
}

internal sealed class EpochArtifactConfiguration : IEntityTypeConfiguration<EpochArtifact>
{
    public void Configure(EntityTypeBuilder<EpochArtifact> builder)
    {
        builder.HasKey(a => new { a.Epoch, a.Kind });
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Sha256).HasMaxLength(66);
    }
}
