using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContractDeployments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContractDeployments",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    TransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    ArtifactHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    DeployedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractDeployments", x => new { x.ChainId, x.Name });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContractDeployments");
        }
    }
}
