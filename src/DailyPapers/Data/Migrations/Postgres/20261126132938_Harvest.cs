using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DailyPapers.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Harvest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Comments",
                table: "papers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Doi",
                table: "papers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtraLinks",
                table: "papers",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "JournalRef",
                table: "papers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "License",
                table: "papers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "harvest_states",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Endpoint = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Set = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MetadataPrefix = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: true),
                    Until = table.Column<DateOnly>(type: "date", nullable: true),
                    ResumptionToken = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Cursor = table.Column<int>(type: "integer", nullable: true),
                    CompleteListSize = table.Column<int>(type: "integer", nullable: true),
                    Pages = table.Column<int>(type: "integer", nullable: false),
                    Records = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<int>(type: "integer", nullable: false),
                    HarvestedThrough = table.Column<DateOnly>(type: "date", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_harvest_states", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_harvest_states_Endpoint_Set_MetadataPrefix",
                table: "harvest_states",
                columns: new[] { "Endpoint", "Set", "MetadataPrefix" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "harvest_states");

            migrationBuilder.DropColumn(
                name: "Comments",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "Doi",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "ExtraLinks",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "JournalRef",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "License",
                table: "papers");
        }
    }
}
