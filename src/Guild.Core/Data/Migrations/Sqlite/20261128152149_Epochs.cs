using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Epochs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContributorWallets",
                columns: table => new
                {
                    Contributor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContributorWallets", x => x.Contributor);
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
                    Wallet = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    Exclusion = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ScoreShare = table.Column<double>(type: "REAL", nullable: false),
                    EpochWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Capped = table.Column<bool>(type: "INTEGER", nullable: false),
                    GenesisReleasedWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PaidWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    CarriedWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    GenesisEntitlementWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    GenesisReleasedTotalWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false)
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
                    PaidWei = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Contributors = table.Column<int>(type: "INTEGER", nullable: false),
                    Accounts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Epochs", x => x.Number);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EpochContributors_Epoch_Wallet",
                table: "EpochContributors",
                columns: new[] { "Epoch", "Wallet" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContributorWallets");

            migrationBuilder.DropTable(
                name: "EpochAccounts");

            migrationBuilder.DropTable(
                name: "EpochArtifacts");

            migrationBuilder.DropTable(
                name: "EpochContributors");

            migrationBuilder.DropTable(
                name: "Epochs");
        }
    }
}
