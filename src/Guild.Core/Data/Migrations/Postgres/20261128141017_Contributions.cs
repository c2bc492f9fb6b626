using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guild.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Contributions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContributorIdentities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Value = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Login = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    LoginSource = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConfirmedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    IsBot = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributorIdentities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IngestionProgress",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Job = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TrackedRepositoryId = table.Column<long>(type: "bigint", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Done = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: true),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    HangfireJobId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResumeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestionProgress", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TrackedRepositories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Host = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Owner = table.Column<string>(type: "character varying(39)", maxLength: 39, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Slug = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    LicenseName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LicenseChangeDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LicenseChangeTo = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SyncCron = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GitUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackedRepositories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Contributions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Host = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Repository = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TrackedRepositoryId = table.Column<long>(type: "bigint", nullable: true),
                    AuthorId = table.Column<long>(type: "bigint", nullable: true),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    Additions = table.Column<int>(type: "integer", nullable: true),
                    Deletions = table.Column<int>(type: "integer", nullable: true),
                    ChangedFiles = table.Column<int>(type: "integer", nullable: true),
                    FlaggedAdditions = table.Column<int>(type: "integer", nullable: true),
                    FlaggedDeletions = table.Column<int>(type: "integer", nullable: true),
                    Labels = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    MergedBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CitationCount = table.Column<int>(type: "integer", nullable: true),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Flags = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MergedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                        name: "FK_Contributions_TrackedRepositories_TrackedRepositoryId",
                        column: x => x.TrackedRepositoryId,
                        principalTable: "TrackedRepositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SyncCursors",
                columns: table => new
                {
                    TrackedRepositoryId = table.Column<long>(type: "bigint", nullable: false),
                    Stream = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ETagRequest = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Pending = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PendingPosition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Position = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "ContributionCoAuthor",
                columns: table => new
                {
                    ContributionId = table.Column<long>(type: "bigint", nullable: false),
                    IdentityId = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_ContributionCoAuthor_IdentityId",
                table: "ContributionCoAuthor",
                column: "IdentityId");

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
                name: "IX_Contributions_TrackedRepositoryId",
                table: "Contributions",
                column: "TrackedRepositoryId");

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
                name: "IX_IngestionProgress_TrackedRepositoryId",
                table: "IngestionProgress",
                column: "TrackedRepositoryId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedRepositories_Slug",
                table: "TrackedRepositories",
                column: "Slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContributionCoAuthor");

            migrationBuilder.DropTable(
                name: "IngestionProgress");

            migrationBuilder.DropTable(
                name: "SyncCursors");

            migrationBuilder.DropTable(
                name: "Contributions");

            migrationBuilder.DropTable(
                name: "ContributorIdentities");

            migrationBuilder.DropTable(
                name: "TrackedRepositories");
        }
    }
}
