using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DailyPapers.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Doi",
                table: "papers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtraLinks",
                table: "papers",
                type: "TEXT",
                maxLength: 8000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "JournalRef",
                table: "papers",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "License",
                table: "papers",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "harvest_states",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Set = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MetadataPrefix = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResumptionToken = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Cursor = table.Column<int>(type: "INTEGER", nullable: true),
                    CompleteListSize = table.Column<int>(type: "INTEGER", nullable: true),
                    Pages = table.Column<int>(type: "INTEGER", nullable: false),
                    Records = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    HarvestedThrough = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
