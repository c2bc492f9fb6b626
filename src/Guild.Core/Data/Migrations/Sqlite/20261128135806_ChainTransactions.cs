using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChainTransactions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_ChainId_From_Status",
                table: "ChainTransactions",
                columns: new[] { "ChainId", "From", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_ChainId_Purpose",
                table: "ChainTransactions",
                columns: new[] { "ChainId", "Purpose" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainTransactions");
        }
    }
}
