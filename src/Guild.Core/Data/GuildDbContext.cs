using Guild.Core.Accounts;
using Guild.Core.Allocation.Epochs;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Chain;
using Guild.Core.Contributions;
using Guild.Core.Licensing;
using Guild.Core.Mail;
using Guild.Core.Organisations;
using Guild.Core.People;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Guild.Core.Data;

/// <summary>
/// The guild's one database: Identity plus every domain table. Code depends on this type; the provider-specific
/// subclasses in <c>Data/Providers</c> exist only so each provider keeps its own migrations.
/// </summary>
public abstract class GuildDbContext(DbContextOptions options) : IdentityDbContext<GuildUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys, shared by every portal instance so cookies and antiforgery tokens survive restarts and scale-out.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ChainHead> ChainHeads => Set<ChainHead>();
    public DbSet<ContractDeployment> ContractDeployments => Set<ContractDeployment>();
    public DbSet<ChainTransaction> ChainTransactions => Set<ChainTransaction>();
    public DbSet<ChainEvent> ChainEvents => Set<ChainEvent>();
    public DbSet<IndexedBlock> IndexedBlocks => Set<IndexedBlock>();

    public DbSet<TrackedRepository> TrackedRepositories => Set<TrackedRepository>();
    public DbSet<Contribution> Contributions => Set<Contribution>();
    public DbSet<ContributorIdentity> ContributorIdentities => Set<ContributorIdentity>();
    public DbSet<SyncCursor> SyncCursors => Set<SyncCursor>();
    public DbSet<IngestionProgress> IngestionProgress => Set<IngestionProgress>();
    public DbSet<ContributionFlagReview> ContributionFlagReviews => Set<ContributionFlagReview>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PersonMerge> PersonMerges => Set<PersonMerge>();
    public DbSet<ContributorWallet> ContributorWallets => Set<ContributorWallet>();
    public DbSet<WalletChallenge> WalletChallenges => Set<WalletChallenge>();

    public DbSet<RoleChange> RoleChanges => Set<RoleChange>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationMember> OrganisationMembers => Set<OrganisationMember>();
    public DbSet<OrganisationInvitation> OrganisationInvitations => Set<OrganisationInvitation>();
    public DbSet<OutgoingMail> OutgoingMails => Set<OutgoingMail>();

    public DbSet<LicenseHolder> LicenseHolders => Set<LicenseHolder>();
    public DbSet<LicenseDeclaration> LicenseDeclarations => Set<LicenseDeclaration>();
    public DbSet<LicenseReminder> LicenseReminders => Set<LicenseReminder>();

    public DbSet<Epoch> Epochs => Set<Epoch>();
    public DbSet<EpochContributor> EpochContributors => Set<EpochContributor>();
    public DbSet<EpochAccount> EpochAccounts => Set<EpochAccount>();
    public DbSet<EpochArtifact> EpochArtifacts => Set<EpochArtifact>();
    public DbSet<WeightSetDocument> WeightSetDocuments => Set<WeightSetDocument>();

    public DbSet<Governance.RoadmapProposal> RoadmapProposals => Set<Governance.RoadmapProposal>();
    public DbSet<Governance.RoadmapVote> RoadmapVotes => Set<Governance.RoadmapVote>();
    public DbSet<Governance.MemberNotification> MemberNotifications => Set<Governance.MemberNotification>();
    public DbSet<Governance.NotificationPreference> NotificationPreferences => Set<Governance.NotificationPreference>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GuildDbContext).Assembly);
        builder.Entity<IdentityRole>().HasData(GuildRoles.Seeded);
    }
}
