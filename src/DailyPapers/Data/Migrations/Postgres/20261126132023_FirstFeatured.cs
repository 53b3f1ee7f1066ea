using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DailyPapers.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FirstFeatured : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstFeaturedAt",
                table: "papers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstFeaturedById",
                table: "papers",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_papers_FirstFeaturedById",
                table: "papers",
                column: "FirstFeaturedById");

            migrationBuilder.AddForeignKey(
                name: "FK_papers_AspNetUsers_FirstFeaturedById",
                table: "papers",
                column: "FirstFeaturedById",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Existing instances: take the first featuring of each paper from its daily entries.
            migrationBuilder.Sql("""
                UPDATE papers SET
                  "FirstFeaturedAt" = (SELECT MIN(d."FeaturedAt") FROM daily_entries d WHERE d."PaperId" = papers."Id"),
                  "FirstFeaturedById" = (SELECT d."SubmittedById" FROM daily_entries d WHERE d."PaperId" = papers."Id" ORDER BY d."FeaturedAt" LIMIT 1)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_papers_AspNetUsers_FirstFeaturedById",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "IX_papers_FirstFeaturedById",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "FirstFeaturedAt",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "FirstFeaturedById",
                table: "papers");
        }
    }
}
