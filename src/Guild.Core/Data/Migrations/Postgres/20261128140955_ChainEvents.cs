using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guild.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChainEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChainEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    TransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    LogIndex = table.Column<int>(type: "integer", nullable: false),
                    Contract = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Account = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    Payload = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IndexedBlocks",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedBlocks", x => new { x.ChainId, x.Number });
                });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainEvents");

            migrationBuilder.DropTable(
                name: "IndexedBlocks");
        }
    }
}
