using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Guild.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChainEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    TransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    LogIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Contract = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChainHeads",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    BlockTimestamp = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ObservedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainHeads", x => x.ChainId);
                });

            migrationBuilder.CreateTable(
                name: "ChainTransactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Nonce = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    RawTransaction = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainTransactions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContractDeployments",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    TransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    ArtifactHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    DeployedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractDeployments", x => new { x.ChainId, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EpochAccounts",
                columns: table => new
                {
                    Epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    PreviousWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    CumulativeWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EpochAccounts", x => new { x.Epoch, x.Account });
                });

            migrationBuilder.CreateTable(
                name: "EpochArtifacts",
                columns: table => new
                {
                    Epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EpochArtifacts", x => new { x.Epoch, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "EpochContributors",
                columns: table => new
                {
                    Epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    Contributor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    Wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    Exclusion = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ScoreShare = table.Column<double>(type: "REAL", nullable: false),
                    EpochWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Capped = table.Column<bool>(type: "INTEGER", nullable: false),
                    GenesisReleasedWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PaidWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    CarriedWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    GenesisEntitlementWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    GenesisReleasedTotalWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EpochContributors", x => new { x.Epoch, x.Contributor });
                });

            migrationBuilder.CreateTable(
                name: "Epochs",
                columns: table => new
                {
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Genesis = table.Column<bool>(type: "INTEGER", nullable: false),
                    AsOf = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    VestingStart = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    BudgetWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    CapPpm = table.Column<int>(type: "INTEGER", nullable: false),
                    MinimumPayoutWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WeightsVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    WeightsHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    SnapshotHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    ReportHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    Root = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    TotalCumulativeWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    AllocatedWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    WithheldWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    CapWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    PaidWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Contributors = table.Column<int>(type: "INTEGER", nullable: false),
                    Accounts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ClaimableAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    VetoedRoot = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    Activity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActivitySince = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FailedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Epochs", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "IndexedBlocks",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedBlocks", x => new { x.ChainId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "IngestionProgress",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Job = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TrackedRepositoryId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Done = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    HangfireJobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ResumeAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestionProgress", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LicenseReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenseReminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberNotifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberNotifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RoadmapEmails = table.Column<bool>(type: "INTEGER", nullable: false),
                    RoadmapInbox = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "Organisations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutgoingMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    To = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", nullable: true),
                    HtmlBody = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutgoingMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    MergedIntoId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    MergedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                    table.ForeignKey(
                        name: "FK_People_People_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoadmapProposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BodyMarkdown = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    BodyHtml = table.Column<string>(type: "TEXT", nullable: false),
                    Choices = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SnapshotBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    SnapshotTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Quorum = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Proposer = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    ProposerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Grant_Applicant = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Grant_Wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    Grant_AmountWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Grant_Evidence = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Grant_PaidInEpoch = table.Column<long>(type: "INTEGER", nullable: true),
                    BallotPublicKey = table.Column<string>(type: "TEXT", maxLength: 132, nullable: true),
                    SealedBallotKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RevealedBallotKey = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    RevealedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    OpenNoticeSent = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClosingReminderSent = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoadmapProposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RoleChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Granted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrackedRepositories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Host = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 39, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    LicenseName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LicenseChangeDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LicenseChangeTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SyncCron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GitUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackedRepositories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WalletChallenges",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Contract = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletChallenges", x => x.Nonce);
                });

            migrationBuilder.CreateTable(
                name: "WeightSetDocuments",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeightSetDocuments", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LicenseDeclarations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Registry = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Company = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    LegalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    RevenueUsd = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    StatementUri = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    StatementHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Nonce = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 8194, nullable: false),
                    SignedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenseDeclarations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LicenseDeclarations_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LicenseHolders",
                columns: table => new
                {
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    RemindersOff = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenseHolders", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_LicenseHolders_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrganisationInvitations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InvitedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    AcceptedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganisationInvitations_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrganisationMembers",
                columns: table => new
                {
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    InvitedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    JoinedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationMembers", x => new { x.OrganisationId, x.UserId });
                    table.ForeignKey(
                        name: "FK_OrganisationMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OrganisationMembers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContributorIdentities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    GitHubId = table.Column<long>(type: "INTEGER", nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Login = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    LoginSource = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    IsBot = table.Column<bool>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributorIdentities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContributorIdentities_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContributorWallets",
                columns: table => new
                {
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributorWallets", x => x.PersonId);
                    table.ForeignKey(
                        name: "FK_ContributorWallets_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersonMerges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromPersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    IntoPersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonMerges_People_FromPersonId",
                        column: x => x.FromPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PersonMerges_People_IntoPersonId",
                        column: x => x.IntoPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoadmapVotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: false),
                    Voter = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Ballot = table.Column<string>(type: "TEXT", maxLength: 16572, nullable: true),
                    Spoiled = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Choices = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 132, nullable: false),
                    Weight = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Replacements = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoadmapVotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoadmapVotes_RoadmapProposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "RoadmapProposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncCursors",
                columns: table => new
                {
                    TrackedRepositoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Stream = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ETagRequest = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Pending = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PendingPosition = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Position = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncCursors", x => new { x.TrackedRepositoryId, x.Stream });
                    table.ForeignKey(
                        name: "FK_SyncCursors_TrackedRepositories_TrackedRepositoryId",
                        column: x => x.TrackedRepositoryId,
                        principalTable: "TrackedRepositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contributions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Host = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TrackedRepositoryId = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Additions = table.Column<int>(type: "INTEGER", nullable: true),
                    Deletions = table.Column<int>(type: "INTEGER", nullable: true),
                    ChangedFiles = table.Column<int>(type: "INTEGER", nullable: true),
                    FlaggedAdditions = table.Column<int>(type: "INTEGER", nullable: true),
                    FlaggedDeletions = table.Column<int>(type: "INTEGER", nullable: true),
                    Labels = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    MergedBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    MergerId = table.Column<long>(type: "INTEGER", nullable: true),
                    CitationCount = table.Column<int>(type: "INTEGER", nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    MergedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contributions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contributions_ContributorIdentities_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "ContributorIdentities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Contributions_ContributorIdentities_MergerId",
                        column: x => x.MergerId,
                        principalTable: "ContributorIdentities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Contributions_TrackedRepositories_TrackedRepositoryId",
                        column: x => x.TrackedRepositoryId,
                        principalTable: "TrackedRepositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContributionCoAuthor",
                columns: table => new
                {
                    ContributionId = table.Column<long>(type: "INTEGER", nullable: false),
                    IdentityId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributionCoAuthor", x => new { x.ContributionId, x.IdentityId });
                    table.ForeignKey(
                        name: "FK_ContributionCoAuthor_Contributions_ContributionId",
                        column: x => x.ContributionId,
                        principalTable: "Contributions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ContributionCoAuthor_ContributorIdentities_IdentityId",
                        column: x => x.IdentityId,
                        principalTable: "ContributorIdentities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContributionFlagReviews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContributionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributionFlagReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContributionFlagReviews_Contributions_ContributionId",
                        column: x => x.ContributionId,
                        principalTable: "Contributions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "Id", "ConcurrencyStamp", "Name", "NormalizedName" },
                values: new object[,]
                {
                    { "role-company", "5e2b7c93-company", "Company", "COMPANY" },
                    { "role-member", "3c0d9a41-member", "Member", "MEMBER" },
                    { "role-steward", "8b1f4f7e-steward", "Steward", "STEWARD" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_Account",
                table: "ChainEvents",
                columns: new[] { "ChainId", "Account" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_BlockHash_LogIndex",
                table: "ChainEvents",
                columns: new[] { "ChainId", "BlockHash", "LogIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_BlockNumber",
                table: "ChainEvents",
                columns: new[] { "ChainId", "BlockNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_Contract_Name",
                table: "ChainEvents",
                columns: new[] { "ChainId", "Contract", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_ChainId_From_Status",
                table: "ChainTransactions",
                columns: new[] { "ChainId", "From", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_ChainId_Purpose",
                table: "ChainTransactions",
                columns: new[] { "ChainId", "Purpose" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContributionCoAuthor_IdentityId",
                table: "ContributionCoAuthor",
                column: "IdentityId");

            migrationBuilder.CreateIndex(
                name: "IX_ContributionFlagReviews_ContributionId",
                table: "ContributionFlagReviews",
                column: "ContributionId");

            migrationBuilder.CreateIndex(
                name: "IX_Contributions_AuthorId",
                table: "Contributions",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Contributions_Host_Repository_Kind_ExternalId",
                table: "Contributions",
                columns: new[] { "Host", "Repository", "Kind", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contributions_MergerId",
                table: "Contributions",
                column: "MergerId");

            migrationBuilder.CreateIndex(
                name: "IX_Contributions_TrackedRepositoryId",
                table: "Contributions",
                column: "TrackedRepositoryId");

            migrationBuilder.CreateIndex(
                name: "IX_ContributorIdentities_GitHubId",
                table: "ContributorIdentities",
                column: "GitHubId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContributorIdentities_Kind_Value",
                table: "ContributorIdentities",
                columns: new[] { "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContributorIdentities_Login",
                table: "ContributorIdentities",
                column: "Login");

            migrationBuilder.CreateIndex(
                name: "IX_ContributorIdentities_PersonId",
                table: "ContributorIdentities",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ContributorWallets_Address",
                table: "ContributorWallets",
                column: "Address",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EpochContributors_Epoch_Rank",
                table: "EpochContributors",
                columns: new[] { "Epoch", "Rank" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EpochContributors_Epoch_Wallet",
                table: "EpochContributors",
                columns: new[] { "Epoch", "Wallet" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestionProgress_TrackedRepositoryId",
                table: "IngestionProgress",
                column: "TrackedRepositoryId");

            migrationBuilder.CreateIndex(
                name: "IX_LicenseDeclarations_ChainId_Company",
                table: "LicenseDeclarations",
                columns: new[] { "ChainId", "Company" });

            migrationBuilder.CreateIndex(
                name: "IX_LicenseDeclarations_ChainId_Digest",
                table: "LicenseDeclarations",
                columns: new[] { "ChainId", "Digest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LicenseDeclarations_OrganisationId",
                table: "LicenseDeclarations",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_LicenseHolders_Wallet",
                table: "LicenseHolders",
                column: "Wallet",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LicenseReminders_Wallet_Kind_Key",
                table: "LicenseReminders",
                columns: new[] { "Wallet", "Kind", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberNotifications_UserId_ProposalId_Kind",
                table: "MemberNotifications",
                columns: new[] { "UserId", "ProposalId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationInvitations_OrganisationId",
                table: "OrganisationInvitations",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationInvitations_TokenHash",
                table: "OrganisationInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationMembers_UserId",
                table: "OrganisationMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_People_MergedIntoId",
                table: "People",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_People_UserId",
                table: "People",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_FromPersonId",
                table: "PersonMerges",
                column: "FromPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_IntoPersonId",
                table: "PersonMerges",
                column: "IntoPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_RoadmapProposals_EndsAt",
                table: "RoadmapProposals",
                column: "EndsAt");

            migrationBuilder.CreateIndex(
                name: "IX_RoadmapVotes_ProposalId_Voter",
                table: "RoadmapVotes",
                columns: new[] { "ProposalId", "Voter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoleChanges_At",
                table: "RoleChanges",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_RoleChanges_UserId",
                table: "RoleChanges",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedRepositories_Slug",
                table: "TrackedRepositories",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WalletChallenges_UserId",
                table: "WalletChallenges",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_WeightSetDocuments_Version",
                table: "WeightSetDocuments",
                column: "Version",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "ChainEvents");

            migrationBuilder.DropTable(
                name: "ChainHeads");

            migrationBuilder.DropTable(
                name: "ChainTransactions");

            migrationBuilder.DropTable(
                name: "ContractDeployments");

            migrationBuilder.DropTable(
                name: "ContributionCoAuthor");

            migrationBuilder.DropTable(
                name: "ContributionFlagReviews");

            migrationBuilder.DropTable(
                name: "ContributorWallets");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "EpochAccounts");

            migrationBuilder.DropTable(
                name: "EpochArtifacts");

            migrationBuilder.DropTable(
                name: "EpochContributors");

            migrationBuilder.DropTable(
                name: "Epochs");

            migrationBuilder.DropTable(
                name: "IndexedBlocks");

            migrationBuilder.DropTable(
                name: "IngestionProgress");

            migrationBuilder.DropTable(
                name: "LicenseDeclarations");

            migrationBuilder.DropTable(
                name: "LicenseHolders");

            migrationBuilder.DropTable(
                name: "LicenseReminders");

            migrationBuilder.DropTable(
                name: "MemberNotifications");

            migrationBuilder.DropTable(
                name: "NotificationPreferences");

            migrationBuilder.DropTable(
                name: "OrganisationInvitations");

            migrationBuilder.DropTable(
                name: "OrganisationMembers");

            migrationBuilder.DropTable(
                name: "OutgoingMails");

            migrationBuilder.DropTable(
                name: "PersonMerges");

            migrationBuilder.DropTable(
                name: "RoadmapVotes");

            migrationBuilder.DropTable(
                name: "RoleChanges");

            migrationBuilder.DropTable(
                name: "SyncCursors");

            migrationBuilder.DropTable(
                name: "WalletChallenges");

            migrationBuilder.DropTable(
                name: "WeightSetDocuments");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Contributions");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Organisations");

            migrationBuilder.DropTable(
                name: "RoadmapProposals");

            migrationBuilder.DropTable(
                name: "ContributorIdentities");

            migrationBuilder.DropTable(
                name: "TrackedRepositories");

            migrationBuilder.DropTable(
                name: "People");
        }
    }
}
