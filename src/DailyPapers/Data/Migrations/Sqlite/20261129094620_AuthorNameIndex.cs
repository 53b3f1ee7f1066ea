using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DailyPapers.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuthorNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_paper_authors_Name",
                table: "paper_authors",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_paper_authors_Name",
                table: "paper_authors");
        }
    }
}
