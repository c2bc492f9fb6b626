using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guild.Core.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    From = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    To = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    Nonce = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    RawTransaction = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
