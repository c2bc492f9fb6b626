using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("People");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.UserId).HasMaxLength(450);
        // One person per portal account.
        builder.HasIndex(p => p.UserId).IsUnique();
        builder.HasOne(p => p.MergedInto).WithMany().HasForeignKey(p => p.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.Key);
        builder.Ignore(p => p.IsMerged);
    }
}

internal sealed class PersonMergeConfiguration : IEntityTypeConfiguration<PersonMerge>
{
    public void Configure(EntityTypeBuilder<PersonMerge> builder)
    {
        builder.HasKey(m => m.Id);
        builder.HasOne(m => m.From).WithMany().HasForeignKey(m => m.FromPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(m => m.Into).WithMany().HasForeignKey(m => m.IntoPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.FromPersonId);
        builder.HasIndex(m => m.IntoPersonId);
        builder.Property(m => m.Reason).HasMaxLength(200).IsRequired();
        builder.Property(m => m.By).HasMaxLength(256).IsRequired();
        builder.Property(m => m.Note).HasMaxLength(500);
    }
}
