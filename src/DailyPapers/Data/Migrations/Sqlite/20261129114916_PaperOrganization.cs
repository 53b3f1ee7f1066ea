using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DailyPapers.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaperOrganization : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrganizationAvatarUrl",
                table: "papers",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganizationFullName",
                table: "papers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganizationName",
                table: "papers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OrganizationAvatarUrl",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "OrganizationFullName",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "OrganizationName",
                table: "papers");
        }
    }
}
