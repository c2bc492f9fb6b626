using Guild.Core.Allocation.Epochs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Core.Governance;

internal sealed class RoadmapProposalConfiguration : IEntityTypeConfiguration<RoadmapProposal>
{
    public void Configure(EntityTypeBuilder<RoadmapProposal> builder)
    {
        builder.Property(p => p.Title).HasMaxLength(CreateRoadmapProposalCommand.MaxTitle);
        builder.Property(p => p.BodyMarkdown).HasMaxLength(CreateRoadmapProposalCommand.MaxBody);
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Quorum).Wei();
        builder.Property(p => p.Proposer).HasMaxLength(42);
        builder.Property(p => p.ProposerUserId).HasMaxLength(450);
        builder.HasIndex(p => p.EndsAt);
        builder.Property(p => p.BallotPublicKey).HasMaxLength(132);
        builder.Property(p => p.SealedBallotKey).HasMaxLength(1_000);
        builder.Property(p => p.RevealedBallotKey).HasMaxLength(66);
        builder.OwnsOne(p => p.Grant, grant =>
        {
            grant.Property(g => g.Applicant).HasMaxLength(200);
            grant.Property(g => g.Wallet).HasMaxLength(42);
            grant.Property(g => g.AmountWei).Wei();
            grant.Property(g => g.Evidence).HasMaxLength(CreateRoadmapProposalCommand.MaxBody);
        });
    }
}

internal sealed class RoadmapVoteConfiguration : IEntityTypeConfiguration<RoadmapVote>
{
    public void Configure(EntityTypeBuilder<RoadmapVote> builder)
    {
        builder.Property(v => v.Voter).HasMaxLength(42);
        builder.Property(v => v.Reason).HasMaxLength(CastRoadmapVoteCommand.MaxReason);
        builder.Property(v => v.Signature).HasMaxLength(132);
        builder.Property(v => v.Weight).Wei();
        builder.Property(v => v.Ballot).HasMaxLength(2 + 2 * PrivateBallot.MaxLength);
        builder.Property(v => v.Spoiled).HasMaxLength(300);
        // One counted vote per address and proposal: the database settles two submissions at once.
        builder.HasIndex(v => new { v.ProposalId, v.Voter }).IsUnique();
        builder.HasOne<RoadmapProposal>().WithMany().HasForeignKey(v => v.ProposalId);
    }
}

internal sealed class MemberNotificationConfiguration : IEntityTypeConfiguration<MemberNotification>
{
    public void Configure(EntityTypeBuilder<MemberNotification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.Text).HasMaxLength(500);
        builder.HasIndex(n => new { n.UserId, n.ProposalId, n.Kind }).IsUnique();
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
    }
}
